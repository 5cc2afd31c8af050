using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// A track whose picture failed to draw or write was one warning line in the log (breaker B3's "render failure is a
/// warning, not an error row"): the output said nothing of it. Now it is a row of the errors table (stage render,
/// naming the file and the problem), the track's data rows are written as usual, and the exit code is 2.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class RenderFailureRowsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-renderfail-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_picture_that_cannot_be_written_is_an_error_row_and_the_track_rows_are_kept()
    {
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var names = new List<string>();
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(2))
        {
            File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
            File.Copy(Path.ChangeExtension(npz, ".pickle"), Path.Combine(to, Path.GetFileNameWithoutExtension(npz) + ".pickle"));
            names.Add(Path.GetFileNameWithoutExtension(npz));
        }
        var output = Path.Combine(_work, "out");
        // A folder where the first track's picture goes: the picture cannot be written (as on a full or broken disk).
        var blocked = ImagePaths.TrackImage(output, "electrons", 1000, names[0]);
        Directory.CreateDirectory(blocked);
        string[] args = ["--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "false"];

        Assert.Equal(ExitCodes.SomeInputsRejected, await RunCommand.ExecuteAsync(args));

        var tracks = (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows;
        Assert.Equal(names.Order(StringComparer.Ordinal), tracks.Select(r => (string)r[TrackColumns.TrackId]!).Order(StringComparer.Ordinal));
        AssertOneRenderError(await ParquetDataset.ReadAsync(Path.Combine(output, "errors")), names[0]);
        Assert.True(File.Exists(ImagePaths.TrackImage(output, "electrons", 1000, names[1])));
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json"))))
        {
            Assert.Equal(1, report.RootElement.GetProperty("counts").GetProperty("pictures_failed").GetInt32());
            Assert.Equal(0, report.RootElement.GetProperty("counts").GetProperty("inputs_rejected").GetInt32());
        }

        // Rerun: the track is skipped (its rows are there), its picture is tried again, and still failing it is one row again.
        Assert.Equal(ExitCodes.SomeInputsRejected, await RunCommand.ExecuteAsync(args));
        AssertOneRenderError(await ParquetDataset.ReadAsync(Path.Combine(output, "errors")), names[0]);

        // Fixed: the rerun draws it and the errors table is empty again.
        Directory.Delete(blocked);
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(args));
        Assert.True(File.Exists(blocked));
        Assert.Empty(ParquetDataset.FilesIn(Path.Combine(output, "errors")));
        Assert.Equal(2, (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows.Count);
    }

    /// <summary>
    /// Review item (sixth session): the render stage's failed picture write and the gallery's guarded writes are one helper
    /// (<see cref="AtomicFile.TryWrite"/>, a <see cref="WriteFailure"/> value): the row names the file that could not be
    /// written with the gallery's words, and a picture that cannot be written no longer costs the track's thumbnail.
    /// </summary>
    [SharedDataFact]
    public async Task A_picture_that_cannot_be_written_is_named_in_its_row_and_costs_only_that_file()
    {
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
        var name = Path.GetFileNameWithoutExtension(npz);
        var output = Path.Combine(_work, "out");
        var blocked = ImagePaths.TrackImage(output, "electrons", 1000, name);
        Directory.CreateDirectory(blocked);

        Assert.Equal(ExitCodes.SomeInputsRejected, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--images", "all"]));

        var row = Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, "errors"))).Rows);
        Assert.Equal("render_failed", row["error_kind"]);
        var message = (string)row["message"]!;
        Assert.Contains($"could not write {blocked}: ", message);
        Assert.Contains("(is a file or folder in the way, or the disk full or read-only?)", message);
        Assert.True(File.Exists(ImagePaths.Thumbnail(output, "electrons", 1000, name)), "the thumbnail is written though the picture could not be");
    }

    private static void AssertOneRenderError(ParquetDataset errors, string track)
    {
        var row = Assert.Single(errors.Rows);
        Assert.Equal(track, row[TrackColumns.TrackId]);
        Assert.Equal("render", row["stage"]);
        Assert.Equal("render_failed", row["error_kind"]);
        Assert.Equal($"LAr/electrons/E0001000/{track}.npz", row[TrackColumns.SourcePath]);
        var message = (string)row["message"]!;
        Assert.Contains(track + ".npz", message);
        Assert.Contains("render failed", message);
    }

    [SharedDataFact]
    public async Task A_blocked_gallery_file_costs_neither_the_rest_of_the_gallery_nor_the_exit_code()
    {
        // Breaker 5 #1: a file where a contact sheet's folder goes failed the whole run (exit 1, raw "already exists"),
        // with no index.html and no plots although every track's rows and pictures were written.
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(2))
        {
            File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
            File.Copy(Path.ChangeExtension(npz, ".pickle"), Path.Combine(to, Path.GetFileNameWithoutExtension(npz) + ".pickle"));
        }
        var output = Path.Combine(_work, "out");
        var sheet = ImagePaths.ContactSheet(output, "electrons", 1000);
        Directory.CreateDirectory(Path.GetDirectoryName(sheet)!);
        Directory.CreateDirectory(sheet);   // a folder where the contact sheet goes
        string[] args = ["--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "false"];

        Assert.Equal(ExitCodes.SomeInputsRejected, await RunCommand.ExecuteAsync(args));
        Assert.True(File.Exists(ImagePaths.Index(output)));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, RunPlots.Folder), "*.png"));
        Assert.Equal(2, (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows.Count);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal(1, report.RootElement.GetProperty("counts").GetProperty("gallery_files_failed").GetInt32());
    }

    /// <summary>One sample track (no pickle) under _work/in, and the empty output folder _work/out.</summary>
    private string OneTrackInputAndOutput()
    {
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
        return Directory.CreateDirectory(Path.Combine(_work, "out")).FullName;
    }

    [SharedDataFact]
    public async Task A_blocked_index_html_is_not_logged_as_the_written_gallery()
    {
        // Breaker 6 F1 (left): with a folder where OUT/index.html goes, the "Pictures: ...; gallery .../index.html" line
        // still named it as the gallery written; the warning alone said it was not.
        var output = OneTrackInputAndOutput();
        var index = ImagePaths.Index(output);
        Directory.CreateDirectory(index);   // a folder where the gallery page goes
        string[] args = ["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "quest", "--Images:EventDisplays", "false"];

        var (code, _, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        var pictures = Assert.Single(error.Split('\n'), l => l.Contains("Pictures: ", StringComparison.Ordinal));
        Assert.Contains($"gallery {index} NOT written", pictures);
        Assert.Contains(error.Split('\n'), l => l.Contains("Gallery file not written", StringComparison.Ordinal) && l.Contains(index, StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task A_file_in_the_way_of_the_event_display_folder_is_a_gallery_warning_not_a_failed_run()
    {
        // Breaker 6 F1: a file named OUT/viewer (where the event display's scripts go) failed the whole run (exit 1, raw
        // "already exists") after every table was written; every other gallery path was already a warning and exit 2.
        var output = OneTrackInputAndOutput();
        var viewer = Path.Combine(output, OutputLayout.Viewer);
        File.WriteAllText(viewer, "in the way");
        string[] args = ["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "true"];

        var (code, _, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.DoesNotContain("run failed", error);
        Assert.True(File.Exists(ImagePaths.Index(output)));
        Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        // Both of the viewer's files, each named (breaker 9 B5).
        Assert.Equal(2, report.RootElement.GetProperty("counts").GetProperty("gallery_files_failed").GetInt32());
        foreach (var file in new[] { EventDisplay.PlotlyFile, EventDisplay.ScriptFile })
            Assert.Single(error.Split('\n'), l => l.Contains($"Gallery file not written: {Path.Combine(viewer, file)}: ", StringComparison.Ordinal));
    }

    [SharedDataFact]
    public async Task A_blocked_viewer_file_is_named_in_the_warning_not_its_folder()
    {
        // Breaker 9 B5: with OUT/viewer/plotly.min.js a directory the warning read "Gallery file not written: OUT/viewer: Is a
        // directory : 'OUT/viewer/plotly.min.js'", the folder first and the file only inside the .NET message.
        var output = OneTrackInputAndOutput();
        var plotly = Directory.CreateDirectory(Path.Combine(output, OutputLayout.Viewer, EventDisplay.PlotlyFile)).FullName;
        string[] args = ["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "true"];

        var (code, _, error) = await ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        var warning = Assert.Single(error.Split('\n'), l => l.Contains("Gallery file not written", StringComparison.Ordinal));
        Assert.Contains($"Gallery file not written: {plotly}: ", warning);
        // The other file of the viewer is written all the same.
        Assert.True(File.Exists(Path.Combine(output, OutputLayout.Viewer, EventDisplay.ScriptFile)));
    }
}
