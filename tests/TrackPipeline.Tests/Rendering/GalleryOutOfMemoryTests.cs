using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.Output;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Breaker 8 F2: under a memory budget, copying plotly.min.js for the event display ran out of memory after every track
/// was written, and the whole run failed (exit 1, a stack trace, run.json failed, no index.html). A gallery file is best
/// effort against what the machine causes: one warning line, the tables complete, exit 2 as for any other picture failure.
/// A bug in the gallery's code is not the machine's: it fails the run, in one line.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class GalleryOutOfMemoryTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-galleryoom-").FullName;

    public void Dispose()
    {
        EventDisplay.LibraryFaultForTests.Value = null;
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task A_best_effort_write_that_runs_out_of_memory_is_a_failure_value_and_a_cancellation_is_not()
    {
        var path = Path.Combine(_work, "viewer");
        var failure = await AtomicFile.TryAsync(path, () => throw new OutOfMemoryException("Insufficient memory\nto continue."));
        Assert.NotNull(failure);
        Assert.Equal($"{path}: OutOfMemoryException: Insufficient memory to continue.", failure!.Message);
        await Assert.ThrowsAsync<OperationCanceledException>(() => AtomicFile.TryAsync(path, () => throw new OperationCanceledException()));
    }

    /// <summary>
    /// What the environment causes (the file system's refusal, a path too long, no memory) is a failure value; a bug in the
    /// code composing the file is not: turned into a warning it would ship unseen.
    /// </summary>
    [Fact]
    public async Task A_best_effort_write_returns_what_the_environment_causes_and_lets_a_bug_through()
    {
        var path = Path.Combine(_work, "index.html");
        foreach (var environment in new Exception[] { new IOException("No space left on device"), new UnauthorizedAccessException("Access denied"),
                     new PathTooLongException("name too long"), new DirectoryNotFoundException("gone"), new InsufficientMemoryException("no room") })
            Assert.Same(environment, (await AtomicFile.TryAsync(path, () => throw environment))!.Error);
        await Assert.ThrowsAsync<NullReferenceException>(() => AtomicFile.TryAsync(path, () => throw new NullReferenceException()));
        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.TryAsync(path, () => throw new InvalidOperationException("Sequence contains no elements")));
        await Assert.ThrowsAsync<IndexOutOfRangeException>(() => AtomicFile.TryAsync(path, () => throw new IndexOutOfRangeException()));
    }

    [SharedDataFact]
    public async Task A_bug_in_a_gallery_file_fails_the_run_in_one_line_after_the_tables_are_whole()
    {
        var output = Path.Combine(_work, "out");
        CopyOneTrack();
        EventDisplay.LibraryFaultForTests.Value = new NullReferenceException("Object reference not set to an instance of an object.");

        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "true"]);

        Assert.Equal(ExitCodes.Fatal, code);
        Assert.DoesNotContain("Gallery file not written", error);
        var failed = Assert.Single(error.Split('\n'), l => l.Contains("run failed", StringComparison.Ordinal));
        Assert.Contains("NullReferenceException: Object reference not set to an instance of an object.", failed);
        Assert.Contains("a bug; run --verbose for the stack trace", failed);
        Assert.DoesNotContain("   at ", error);   // one line: no stack trace
        // The tables were complete before the gallery: its failure costs none of their rows.
        Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal("failed", report.RootElement.GetProperty("status").GetString());
        // Every write the gallery started had ended when the run returned (mend9 A: the run plots, drawn beside the failed
        // file, went on writing into the output): all of them are on disk now and no temporary file is left.
        var plots = Path.Combine(output, RunPlots.Folder);
        Assert.Equal(RunPlots.Default().Select(p => p.FileName).Order(StringComparer.Ordinal),
            Directory.GetFiles(plots).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private void CopyOneTrack()
    {
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(to, Path.GetFileName(npz)));
    }

    [SharedDataFact]
    public async Task Running_out_of_memory_copying_the_event_display_library_is_one_warning_and_exit_2()
    {
        CopyOneTrack();
        var output = Path.Combine(_work, "out");
        // Thrown inside the copy of plotly.min.js, for this test's run only (an AsyncLocal).
        EventDisplay.LibraryFaultForTests.Value = new OutOfMemoryException("Insufficient memory to continue the execution of the program.");

        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "true"]);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.DoesNotContain("run failed", error);
        Assert.DoesNotContain("   at ", error);   // no stack trace
        var viewer = Path.Combine(output, OutputLayout.Viewer);
        var warning = Assert.Single(error.Split('\n'), l => l.Contains("Gallery file not written", StringComparison.Ordinal));
        Assert.Contains($"{Path.Combine(viewer, EventDisplay.PlotlyFile)}: OutOfMemoryException", warning);
        // The tables and the gallery page are whole; nothing half-written is left in the viewer folder.
        Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows);
        Assert.True(File.Exists(ImagePaths.Index(output)));
        Assert.False(File.Exists(Path.Combine(viewer, EventDisplay.PlotlyFile)));
        Assert.Empty(Directory.Exists(viewer) ? Directory.GetFiles(viewer, ".*") : []);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal("completed", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("counts").GetProperty("gallery_files_failed").GetInt32());

        // Without the fault the rerun writes the library (streamed) whole: the bytes of the resource.
        EventDisplay.LibraryFaultForTests.Value = null;
        (code, _, _) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all", "--Images:EventDisplays", "true"]);
        Assert.Equal(ExitCodes.Success, code);
        using var resource = System.Reflection.Assembly.Load("Plotly.NET").GetManifestResourceStream(EventDisplay.PlotlyResource)!;
        Assert.Equal(resource.Length, new FileInfo(Path.Combine(viewer, EventDisplay.PlotlyFile)).Length);
    }
}
