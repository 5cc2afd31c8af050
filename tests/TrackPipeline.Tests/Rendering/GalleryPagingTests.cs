using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>Large folders: contact sheets come in pages of bounded size and index.html links to a page per folder.</summary>
public sealed class GalleryPagingTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-paging-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task Contact_sheets_are_paged_and_big_folders_get_their_own_page()
    {
        var from = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0000300");
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0000300")).FullName;
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output,
            "--Images:ContactSheetTracksPerPage", "4", "--Images:IndexTracksPerFolder", "2", "--readout", "none"]));

        Assert.True(File.Exists(ImagePaths.ContactSheet(output, "electrons", 300, 1)));
        Assert.True(File.Exists(ImagePaths.ContactSheet(output, "electrons", 300, 2)));
        Assert.False(File.Exists(ImagePaths.ContactSheet(output, "electrons", 300, 3)));
        var index = File.ReadAllText(ImagePaths.Index(output));
        Assert.Contains("images/electrons/E0000300/index.html", index);
        Assert.Equal(2, CountTrackPictures(index));
        var folderPage = File.ReadAllText(ImagePaths.FolderIndex(output, "electrons", 300));
        Assert.Equal(6, CountTrackPictures(folderPage));
        Assert.Contains("href=\"../../../index.html\"", folderPage);
    }

    [SharedDataFact]
    public async Task Quest_mode_draws_exactly_the_ranked_candidates()
    {
        var input = Path.Combine(_work, "in");
        foreach (var folder in new[] { "LAr/electrons/E0003000", "LAr/photons/E0010000" })
        {
            var to = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder))) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output,
            "--images", "quest", "--Classifier:QuestTopPerCategory", "2"]));   // the classifier needs the pixels: keep the readout

        var candidates = (await TrackPipeline.Output.ParquetDataset.ReadAsync(Path.Combine(output, "quest"))).Rows;
        var expected = candidates.Select(r => (string)r["track_id"]! + ".png").ToHashSet();
        var pictures = Directory.GetFiles(Path.Combine(output, ImagePaths.ImagesFolder), "Track*.png", SearchOption.AllDirectories)
            .Select(f => Path.GetFileName(f)).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, pictures);
        Assert.Contains("<h2>Quest candidates</h2>", File.ReadAllText(ImagePaths.Index(output)));
    }

    private static int CountTrackPictures(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "<img src=\"[^\"]*TrackE[^\"]*\\.png\"").Count;
}
