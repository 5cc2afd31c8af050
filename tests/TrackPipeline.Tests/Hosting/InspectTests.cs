using System.Diagnostics;
using TrackPipeline.App;

namespace TrackPipeline.Tests.Hosting;

/// <summary><c>inspect</c> on what is not a track file (known issue P7): a FIFO blocked for ever, a folder said "access denied".</summary>
[Collection(ConsoleCapture.Name)]
public sealed class InspectTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-inspect-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static async Task MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    [Fact]
    public async Task A_FIFO_is_refused_at_once_naming_it()
    {
        var fifo = Path.Combine(_work, "x.npz");
        await MakeFifo(fifo);
        var inspect = ConsoleCapture.RunAsync(["inspect", fifo]);
        Assert.Same(inspect, await Task.WhenAny(inspect, Task.Delay(TimeSpan.FromSeconds(30))));
        var (code, output, error) = await inspect;
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.Empty(output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(fifo, line);
        Assert.Contains("FIFO", line);
    }

    /// <summary>Seventh session: inspect on a sample's .pickle or manifest.json said only "not a readable zip archive".</summary>
    [SharedDataFact]
    public async Task A_truth_pickle_names_the_track_to_inspect_and_another_file_what_inspect_reads()
    {
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var (code, _, error) = await ConsoleCapture.RunAsync(["inspect", Path.ChangeExtension(npz, ".pickle")]);
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.Contains($"this is a track's truth pickle: inspect reads it with its track, trackpipeline inspect {npz}", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        (code, _, error) = await ConsoleCapture.RunAsync(["inspect", TestData.ManifestPath!]);
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.Contains("inspect reads a track's .npz", error);
    }

    [Fact]
    public async Task A_folder_is_called_a_folder()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["inspect", _work]);
        Assert.NotEqual(ExitCodes.Success, code);
        Assert.Contains("is a folder", error);
        Assert.DoesNotContain("denied", error);
    }

    [SharedDataFact]
    public async Task A_FIFO_in_place_of_the_pickle_is_refused_too()
    {
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var copy = Path.Combine(_work, Path.GetFileName(npz));
        File.Copy(npz, copy);
        await MakeFifo(Path.ChangeExtension(copy, ".pickle"));
        var inspect = ConsoleCapture.RunAsync(["inspect", copy]);
        Assert.Same(inspect, await Task.WhenAny(inspect, Task.Delay(TimeSpan.FromSeconds(30))));
        var (code, _, error) = await inspect;
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.Contains(".pickle", error);
    }
}
