using TrackPipeline.App;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Session 30 breaker16 item 5: with <c>--images quest</c> each run keeps the track pictures of its own top N per
/// category. A track that entered the output's top N on a resume without being processed again (a winner's file replaced,
/// so it fell) had no picture, though a fresh run draws it, and a further rerun drew none either. After the quest is
/// ranked, every candidate of this run's shard has its track picture now. Real tracks, real runs.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class QuestCandidatePicturesOnResumeTests : IDisposable
{
    private const int Top = 2;
    private readonly string _work = Directory.CreateTempSubdirectory("tp-quest-resume-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Input() => SampleCopies.Folders(_work, "LAr/electrons/E0001000", "LAr/photons/E0001000");

    private static string PictureOf(string output, IReadOnlyDictionary<string, object?> track) =>
        ImagePaths.TrackImage(output, (string)track[TrackColumns.Particle]!, Convert.ToInt32(track[TrackColumns.EnergyKev], System.Globalization.CultureInfo.InvariantCulture), PictureName.Of(track));

    [SharedDataFact]
    public async Task A_track_that_enters_the_quest_top_n_on_a_resume_gets_its_picture()
    {
        var input = Input();
        var output = Path.Combine(_work, "out");
        // One track per part: replacing one file makes only its own track processed again.
        string[] args = ["run", "--input", input, "--output", output, "--images", "quest", "--Classifier:QuestTopPerCategory", $"{Top}", "--Run:TracksPerFile", "1"];
        var (first, _, firstError) = await ConsoleCapture.RunAsync(args);
        Assert.True(first == ExitCodes.Success, firstError);

        // Every ranked track per category (not only the top N); a category whose track just below the top N has no picture.
        var ranked = await QuestSelection.SelectAsync(output, Shipped.Classifier.CandidateThreshold, 1000);
        var categories = ranked.GroupBy(c => c.Category).Where(g => g.Count() > Top).Select(g => g.OrderBy(c => c.Rank).ToList()).ToList();
        var category = categories.FirstOrDefault(c => !File.Exists(PictureOf(output, c[Top].Track)));
        Assert.True(category is not null, $"no category whose rank {Top + 1} track lacks a picture after the first run: the test shows nothing");

        // The winner's files replaced by those of the category's last track (modified now): processed again, it falls,
        // and the track ranked just below the top N enters it without being processed.
        var winner = category[0].SourcePath;
        var last = category[^1].SourcePath;
        foreach (var extension in (string[])[".npz", ".pickle"])
        {
            var to = Path.Combine(input, Path.ChangeExtension(winner, extension));
            File.Copy(Path.Combine(input, Path.ChangeExtension(last, extension)), to, overwrite: true);
            File.SetLastWriteTimeUtc(to, DateTime.UtcNow);
        }
        var entering = PictureOf(output, category[Top].Track);

        for (int rerun = 0; rerun < 2; rerun++)   // the second rerun processes nothing: the pictures stay
        {
            var (code, _, error) = await ConsoleCapture.RunAsync(args);
            Assert.True(code == ExitCodes.Success, error);
            Assert.True(File.Exists(entering), $"rerun {rerun + 1}: no picture of {Path.GetFileName(entering)}, now among the top {Top}\n{error}");
            var candidates = (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Quest))).Rows;
            Assert.NotEmpty(candidates);
            foreach (var candidate in candidates)
                Assert.True(File.Exists(PictureOf(output, candidate)), $"rerun {rerun + 1}: candidate {candidate[TrackColumns.TrackId]} has no picture");
        }
    }
}
