using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// breaker18 item 6: a fresh <c>--images quest</c> run wrote an event page for each of the first tracks of a folder (the
/// tracks index.html shows with <c>--images all</c>), but in quest mode index.html shows only tracks with a picture, so
/// those pages were linked from nowhere, and a <c>none</c> -> <c>quest</c> resume of the same output did not have them.
/// A quest run writes the pages of tracks whose picture it keeps. Real tracks, real runs.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class QuestEventPagesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-quest-pages-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Input() => SampleCopies.Folders(_work, "LAr/electrons/E0001000", "LAr/photons/E0001000");

    private static string[] Pages(string output) =>
        [.. Directory.GetFiles(Path.Combine(output, OutputLayout.Events), "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal)];

    [SharedDataFact]
    public async Task A_fresh_quest_run_writes_the_same_event_pages_as_a_resume_and_each_is_linked()
    {
        var input = Input();
        string[] quest = ["--images", "quest", "--Classifier:QuestTopPerCategory", "2"];
        var fresh = Path.Combine(_work, "fresh");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", input, "--output", fresh, .. quest]);
        Assert.True(code == ExitCodes.Success, error);
        var resumed = Path.Combine(_work, "resumed");
        (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", input, "--output", resumed, "--images", "none"]);
        Assert.True(code == ExitCodes.Success, error);
        (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", input, "--output", resumed, .. quest]);
        Assert.True(code == ExitCodes.Success, error);

        var pages = Pages(fresh);
        Assert.NotEmpty(pages);
        Assert.Equal(pages, Pages(resumed));
        var index = File.ReadAllText(Path.Combine(fresh, "index.html"));
        foreach (var page in pages)
            Assert.True(index.Contains($"href=\"{page.Replace(Path.DirectorySeparatorChar, '/')}\"", StringComparison.Ordinal), $"{page} is linked from nowhere");
    }
}
