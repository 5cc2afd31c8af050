using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.Output;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Breaker 11 F1: a kept thumbnail emptied, or a quest winner's track picture overwritten with text, failed the next
/// run with --images all in the gallery ("run failed: Value cannot be null. (Parameter 'codec')", exit 1). Such a
/// picture is its cell drawn as missing (the quest picture left out), a warning naming the file, and the run completes.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class UnreadableKeptPictureTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-unreadable-picture-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task An_empty_thumbnail_and_a_garbage_track_picture_are_warnings_and_the_rerun_completes()
    {
        var input = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(2))
            File.Copy(npz, Path.Combine(input, Path.GetFileName(npz)));
        var output = Path.Combine(_work, "out");
        string[] args = ["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all"];
        var (code, _, _) = await ConsoleCapture.RunAsync(args);
        Assert.Equal(ExitCodes.Success, code);

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(2, rows.Count);
        var thumbnail = ImagePaths.Thumbnail(output, "electrons", 1000, PictureName.Of(rows[0]));
        Assert.True(File.Exists(thumbnail), $"the first run kept no thumbnail at {thumbnail}");
        File.WriteAllBytes(thumbnail, []);
        // Every track picture garbage: whichever track the quest crowns, its winner's picture is one of them.
        var pictures = rows.Select(r => ImagePaths.TrackImage(output, "electrons", 1000, PictureName.Of(r))).ToList();
        foreach (var picture in pictures)
        {
            Assert.True(File.Exists(picture), $"the first run kept no track picture at {picture}");
            File.WriteAllText(picture, "garbage\n");
        }

        string error;
        (code, _, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("run failed", error);
        var warnings = error.Split('\n').Where(l => l.Contains("Kept picture not readable", StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, l => l.Contains($"{thumbnail}: empty file", StringComparison.Ordinal));
        Assert.Contains(warnings, l => pictures.Any(p => l.Contains($"{p}: not a picture", StringComparison.Ordinal)));
        var named = warnings.Select(l => l[l.IndexOf("drawn as missing", StringComparison.Ordinal)..]).ToList();   // without the time stamp
        Assert.Equal(named.Count, named.Distinct(StringComparer.Ordinal).Count());   // one warning a file, however many quest categories read it
        // The contact sheet is drawn (the emptied thumbnail a missing cell) and no quest picture shows an unreadable one.
        Assert.True(File.Exists(ImagePaths.ContactSheet(output, "electrons", 1000)));
        Assert.Empty(Directory.Exists(Path.Combine(output, ImagePaths.QuestFolder)) ? Directory.GetFiles(Path.Combine(output, ImagePaths.QuestFolder), "*.png") : []);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal("completed", report.RootElement.GetProperty("status").GetString());
    }
}
