using TrackPipeline.App;
using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 17 F6: <c>--readout none --Classifier:View PerfectDetector</c>, the README's mode that classifies the raw
/// deposits without a readout, was refused at start-up because the quest required the <c>pix_*</c> columns it copies
/// into its candidates, which no stage writes without a readout. It runs, ranks a quest, and its candidates hold no
/// pixel features; a run with a readout still requires them (a renamed one is still found, ReadBackColumnsTests).
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class PerfectDetectorWithoutReadoutTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-perfect-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task The_perfect_detector_view_without_a_readout_runs_and_ranks_the_quest()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(2))
            File.Copy(npz, Path.Combine(folder, Path.GetFileName(npz)));
        // The view needs a model fitted with it (breaker17 F4 refuses the shipped pixel model): the shipped graph with its
        // provenance saying PerfectDetector stands in (the graph's digest still matches); the quest's columns are the point here.
        var models = Directory.CreateDirectory(Path.Combine(_work, "models")).FullName;
        var model = Path.Combine(models, "classifier.onnx");
        File.Copy(Shipped.Classifier.ResolvedModelPath, model);
        var provenance = File.ReadAllText(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".json"));
        Assert.Contains("\"view\": \"Pixels\"", provenance);
        File.WriteAllText(Path.ChangeExtension(model, ".json"), provenance.Replace("\"view\": \"Pixels\"", "\"view\": \"PerfectDetector\""));
        var output = Path.Combine(_work, "out");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "none",
            "--readout", "none", "--Classifier:View", "PerfectDetector", "--Classifier:ModelPath", model]);
        Assert.True(code == ExitCodes.Success, error);

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Tracks));
        Assert.Equal(2, tracks.Rows.Count);
        Assert.DoesNotContain(tracks.Rows[0].Keys, c => c.StartsWith("pix_", StringComparison.Ordinal));
        Assert.All(tracks.Rows, r => Assert.NotNull(r[TrackColumns.PredictedClass]));
        // The quest ran over the side table and wrote its candidates.
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, OutputLayout.QuestRows), "*.parquet", SearchOption.AllDirectories));
        var candidates = await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Quest));
        Assert.NotEmpty(candidates.Rows);
        // The pixel features it copies are there, and null: no stage wrote them.
        Assert.All(QuestSelection.PixelFeatureColumns.Columns, c => Assert.All(candidates.Rows, r => Assert.Null(r.GetValueOrDefault(c))));
    }
}
