using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issue (Q3's rest): an <c>--images none</c> rerun that added tracks built no gallery, so index.html kept the
/// counts of the last run that drew. Now a none run into an output with a gallery composes it again, drawing nothing.
/// </summary>
public sealed class GalleryAfterNoneRerunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-none-rerun-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private void Copy(int skip, int count)
    {
        var from = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000");
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(from, "*.npz").Order(StringComparer.Ordinal).Skip(skip).Take(count))
        {
            File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
            File.Copy(Path.ChangeExtension(npz, ".pickle"), Path.Combine(to, Path.GetFileNameWithoutExtension(npz) + ".pickle"));
        }
    }

    [SharedDataFact]
    public async Task A_none_rerun_that_adds_tracks_updates_the_gallery_counts_and_draws_nothing()
    {
        Copy(0, 2);
        var output = Path.Combine(_work, "out");
        string[] common = ["--input", Path.Combine(_work, "in"), "--output", output, "--Images:EventDisplays", "false"];
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync([.. common, "--images", "quest"]));
        Assert.Contains("(2 tracks)", File.ReadAllText(ImagePaths.Index(output)));
        var pictures = Directory.GetFiles(Path.Combine(output, ImagePaths.ImagesFolder), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        Copy(2, 2);
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync([.. common, "--images", "none"]));

        var index = File.ReadAllText(ImagePaths.Index(output));
        Assert.Contains("(4 tracks)", index);
        Assert.DoesNotContain("(2 tracks)", index);
        // Nothing drawn: the track pictures are those of the quest run.
        Assert.Equal(pictures, Directory.GetFiles(Path.Combine(output, ImagePaths.ImagesFolder), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList());
    }

    [SharedDataFact]
    public async Task A_none_run_into_an_output_without_a_gallery_makes_none()
    {
        Copy(0, 2);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"]));
        Assert.False(File.Exists(ImagePaths.Index(output)));
        Assert.False(Directory.Exists(Path.Combine(output, ImagePaths.ImagesFolder)));
    }
}
