using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// Known issue B7: a track whose deposits all carry 0 electrons was classified (<c>single_site</c> from an empty
/// feature vector, 0 pixels). Nothing was read out, so it is data without a class: null scores and class, a reason,
/// no candidate, not in the quest; the other tracks are untouched and the run is not "some inputs rejected".
/// </summary>
public sealed class NoChargeTrackTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-nocharge-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private const string NoChargeName = "TrackE0001000_D20250527_T0000000001";

    /// <summary>Two sample tracks and a copy of the first with every deposit's electron count set to 0 (no pickle: data).</summary>
    private string InputWithNoChargeTrack()
    {
        var from = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000");
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npzs = Directory.GetFiles(from, "*.npz").Order(StringComparer.Ordinal).Take(2).ToList();
        foreach (var npz in npzs)
        {
            File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
            File.Copy(Path.ChangeExtension(npz, ".pickle"), Path.Combine(to, Path.GetFileNameWithoutExtension(npz) + ".pickle"));
        }
        var arrays = NpzReader.ReadAll(npzs[0]);
        var zeros = new NdArray(NdElementType.Int64, [arrays["num_e"].Length], new long[arrays["num_e"].Length]);
        AtomicFile.Write(Path.Combine(to, NoChargeName + ".npz"), s => NpzWriter.Write(s, [new("r", arrays["r"]), new("num_e", zeros)]));
        return Path.Combine(_work, "in");
    }

    [SharedDataTheory]
    [InlineData("none")]
    [InlineData("quest")]
    public async Task A_track_without_charge_gets_null_scores_and_class_with_a_reason_and_is_not_in_the_quest(string images)
    {
        var input = InputWithNoChargeTrack();
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", images]));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows.ToDictionary(r => (string)r[TrackColumns.TrackId]!);
        Assert.Equal(3, rows.Count);
        var empty = rows[NoChargeName];
        Assert.Equal(0L, (long)empty[TrackColumns.NumETotal]!);
        Assert.Null(empty[TrackColumns.PredictedClass]);
        Assert.Contains("no charge", (string)empty["not_classified_reason"]!);
        var scores = empty.Keys.Where(k => k.StartsWith(TrackColumns.ScorePrefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(scores);
        Assert.All(scores, k => Assert.Null(empty[k]));
        Assert.All(empty.Keys.Where(k => k.StartsWith("candidate_", StringComparison.Ordinal)), k => Assert.Equal(false, empty[k]));
        // The tracks with charge are classified as before.
        foreach (var (id, row) in rows.Where(r => r.Key != NoChargeName))
        {
            Assert.NotNull(row[TrackColumns.PredictedClass]);
            Assert.Null(row["not_classified_reason"]);
            Assert.All(scores, k => Assert.InRange((double)row[k]!, 0.0, 1.0));
        }
        var candidates = await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Quest));
        Assert.NotEmpty(candidates.Rows);
        Assert.DoesNotContain(candidates.Rows, r => (string)r[TrackColumns.TrackId]! == NoChargeName);
        Assert.False(Directory.Exists(Path.Combine(output, "errors")));

        // A resumed run (every track skipped) ranks the same candidates from the side tables, which now hold a null row.
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", images]));
        var again = await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Quest));
        Assert.Equal(candidates.Rows.Select(r => (string)r[TrackColumns.TrackId]!), again.Rows.Select(r => (string)r[TrackColumns.TrackId]!));
    }
}
