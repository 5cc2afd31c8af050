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

    [Fact]
    public async Task An_empty_name_is_refused_in_the_users_words()
    {
        // Breaker 17 (low): it said "as expected type 'System.IO.FileInfo'".
        var (code, _, error) = await ConsoleCapture.RunAsync(["inspect", ""]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("FILE is empty", line);
        Assert.DoesNotContain("System.IO", line);
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

    /// <summary>
    /// Breaker14 F1 and F4: a 430-byte pickle with a memo-shared key of 2^61 items hung inspect, and a refused pickle printed
    /// "truth": null without a reason. Now the deposits are described, the truth is null with the run's words for it, exit 2.
    /// </summary>
    [SharedDataFact]
    public async Task A_refused_pickle_leaves_truth_null_with_its_reason_and_the_deposits_described()
    {
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var copy = Path.Combine(_work, Path.GetFileName(npz));
        File.Copy(npz, copy);
        var pickle = Path.ChangeExtension(copy, ".pickle");
        File.WriteAllBytes(pickle, TrackPipeline.Tests.Formats.Pickle.PickleBytes.SharedTupleKey(60));
        var (code, output, error) = await ConsoleCapture.RunAsync(["inspect", copy]);
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        var json = System.Text.Json.Nodes.JsonNode.Parse(output)!.AsObject();
        Assert.Null(json["truth"]);
        var problem = json["truth_problem"]!.GetValue<string>();
        Assert.Equal(TrackPipeline.Tracks.TrackReader.TruthProblemOf(pickle, TrackPipeline.Tracks.TrackLimits.None)!.Message, problem);
        Assert.Equal(TrackPipeline.Formats.InputErrorKind.Pickle, TrackPipeline.Tracks.TrackReader.TruthProblemOf(pickle, TrackPipeline.Tracks.TrackLimits.None)!.Kind);
        Assert.Contains(pickle, problem);
        Assert.Contains("counted through its nesting", problem);
        Assert.Contains("counted through its nesting", error);
        Assert.Equal(TrackPipeline.Tracks.TrackReader.Read(TrackPipeline.Tracks.DatasetDiscovery.Discover(Path.GetDirectoryName(npz)!).First()).Deposits.Count,
            json["n_points"]!.GetValue<int>());

        // Not a dict: refused by the truth parser, in Python's words (F3), no longer a silent null.
        File.WriteAllBytes(pickle, [0x80, 0x04, (byte)'C', 1, 7, (byte)'.']);
        (code, output, _) = await ConsoleCapture.RunAsync(["inspect", copy]);
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.Contains("the pickle is bytes, expected a dict", System.Text.Json.Nodes.JsonNode.Parse(output)!["truth_problem"]!.GetValue<string>());
    }
}
