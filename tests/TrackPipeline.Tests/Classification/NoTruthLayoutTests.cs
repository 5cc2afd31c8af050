using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Decisions come from the charge alone: the sample copied without its pickles, with folder and file names blanked
/// (<c>LAr/unknown/E0000000/TrackE0000000_D20000101_T&lt;n&gt;.npz</c>), gets the same scores, classes and quest.
/// </summary>
public sealed class NoTruthLayoutTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-blank-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task Blanked_names_and_no_pickles_give_the_same_scores_and_quest()
    {
        run.AssertSucceeded();
        var blankFolder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "unknown", "E0000000")).FullName;
        var original = new Dictionary<string, string>(StringComparer.Ordinal);   // blank name -> sample name
        int n = 0;
        foreach (var npz in Directory.GetFiles(TestData.TracksRoot!, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var blank = $"TrackE0000000_D20000101_T{n++:D10}";
            File.Copy(npz, Path.Combine(blankFolder, blank + ".npz"));
            original[blank] = Path.GetFileNameWithoutExtension(npz);
        }
        Assert.Equal(108, original.Count);
        Assert.Empty(Directory.GetFiles(blankFolder, "*.pickle"));

        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--depth", "0.01", "--images", "none"]));

        var withTruth = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, "tracks"))).Rows.ToDictionary(r => (string)r["track_id"]!);
        var blanked = (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows;
        Assert.Equal(108, blanked.Count);
        foreach (var row in blanked)
        {
            var name = (string)row["track_id"]!;
            var twin = withTruth[original[name]];
            Assert.Null(row["truth_first_interaction"]);
            Assert.Null(row["truth_track_energy_kev"]);
            Assert.Null(row[TrackColumns.TruthClass]);
            Assert.Equal("unknown", row["particle"]);
            Assert.Equal(twin["predicted_class"], row["predicted_class"]);
            foreach (var category in QuestCategory.All)
                Assert.Equal((double)twin["score_" + category]!, (double)row["score_" + category]!);
            foreach (var category in QuestCategory.Quest)
                Assert.Equal((double)twin[QuestSelection.KeyColumn(category)]!, (double)row[QuestSelection.KeyColumn(category)]!);
            Assert.Equal(twin["pix_n_significant_clusters"], row["pix_n_significant_clusters"]);
        }

        var questWithTruth = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, "quest"))).Rows;
        var questBlanked = (await ParquetDataset.ReadAsync(Path.Combine(output, "quest"))).Rows;
        // Same scores at every rank; the same tracks wherever a score is not tied (ties rank by track id, which differs).
        foreach (var category in QuestCategory.Quest)
        {
            var a = questWithTruth.Where(r => (string)r["category"]! == category).OrderBy(r => (int)r["rank"]!).ToList();
            var b = questBlanked.Where(r => (string)r["category"]! == category).OrderBy(r => (int)r["rank"]!).ToList();
            Assert.Equal(a.Select(r => (double)r["score"]!), b.Select(r => (double)r["score"]!));
            for (int i = 0; i < a.Count; i++)
            {
                double score = (double)a[i]["score"]!;
                if (a.Count(r => (double)r["score"]! == score) == 1)
                    Assert.Equal((string)a[i]["track_id"]!, original[(string)b[i]["track_id"]!]);
            }
        }
    }
}
