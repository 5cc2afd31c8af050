using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Pictures are framed on what the charge shows, never on the truth, the folder or the file name: a real 50 MeV pair and
/// its copy stored as <c>LAr/unknown/E0000000/</c> without a pickle get byte-identical thumbnails (frame caption and
/// framed raw view, without truth markers).
/// </summary>
public sealed class TruthFreeFramingTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-truthfree-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_track_without_truth_in_an_unknown_folder_gets_the_same_frame_as_its_labelled_copy()
    {
        // A 50 MeV pair that the charge calls a pair, with a reconstructed V (split 0.37): framed on its V. (Until the
        // round-3 retrain of the classifier this was T1332400307, which the new model calls a brem electron.)
        const string name = "TrackE0050000_D20250527_T1332576498";
        const string copy = "TrackE0000000_D20000101_T1";
        var from = Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0050000");
        var labelled = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "photons", "E0050000")).FullName;
        var unknown = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "unknown", "E0000000")).FullName;
        File.Copy(Path.Combine(from, name + ".npz"), Path.Combine(labelled, name + ".npz"));
        File.Copy(Path.Combine(from, name + ".pickle"), Path.Combine(labelled, name + ".pickle"));
        File.Copy(Path.Combine(from, name + ".npz"), Path.Combine(unknown, copy + ".npz"));
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--depth", "0.01"]));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(2, rows.Count);
        // The charge says "pair" for both (so the V framing is what is compared), and only the labelled one has truth.
        Assert.All(rows, r => Assert.True(QuestCategory.IsPairClass((string)r[TrackColumns.PredictedClass]!), $"{r["track_id"]}: {r[TrackColumns.PredictedClass]}"));
        Assert.Single(rows, r => r["truth_first_interaction"] is not null);

        var a = await File.ReadAllBytesAsync(ImagePaths.Thumbnail(output, "photons", 50000, name));
        var b = await File.ReadAllBytesAsync(ImagePaths.Thumbnail(output, "unknown", 0, copy));
        Assert.True(a.AsSpan().SequenceEqual(b), "the thumbnails (frame and framed view) differ between the labelled track and its unlabelled copy");
    }

    /// <summary>
    /// Session 23: a track without truth (real data, no pickle) got no key at all under its projections: the key strip was
    /// drawn only when the scene had truth markers, so the "+" of the pair vertex, the dashed arms and the teal rings went
    /// unexplained exactly where a physicist has nothing else to read them by. Without truth the key keeps those entries.
    /// </summary>
    [Fact]
    public void Without_truth_the_key_still_explains_the_vertex_and_the_detached_clusters()
    {
        const string vertex = "pair vertex found from the charge (+)";
        var entries = TrackRenderer.LegendEntries(null, [ChargeRole.Main, ChargeRole.Detached], vertex);
        Assert.Equal([vertex, "detached clusters (teal; ringed, ring grows with charge)"], entries.Select(e => e.Label));
        Assert.DoesNotContain(entries, e => e.Label.StartsWith("truth", StringComparison.Ordinal));
    }
}
