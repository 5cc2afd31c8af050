using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;

namespace TrackPipeline.Tests.Hosting;

/// <summary>What a run leaves on record: every invocation kept, and an input without tracks is an error, not an empty success.</summary>
[Collection(ConsoleCapture.Name)]
public sealed class RunRecordTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-record-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_input_without_tracks_is_an_error_that_names_the_expected_layout()
    {
        var input = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons")).FullName;
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not a track");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", Path.Combine(_work, "out"), "--images", "none"]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("no tracks found", error);
        Assert.Contains("<material>/<particle>/E<7 digits>/TrackE*.npz", error);
    }

    [SharedDataFact]
    public async Task Each_invocation_is_kept_and_run_json_is_the_latest()
    {
        var input = Path.Combine(_work, "in", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000")).Order(StringComparer.Ordinal).Take(4))
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var output = Path.Combine(_work, "out");
        string[] args = ["--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"];
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(args));
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(args));

        var history = Directory.GetFiles(Path.Combine(output, "runs"), "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, history.Count);
        int Count(string file, string key)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            return doc.RootElement.GetProperty("counts").GetProperty(key).GetInt32();
        }
        Assert.Equal(2, Count(history[0], "tracks_written"));
        Assert.Equal(0, Count(history[0], "skipped_already_written"));
        Assert.Equal(0, Count(history[1], "tracks_written"));
        Assert.Equal(2, Count(history[1], "skipped_already_written"));
        Assert.Equal(File.ReadAllText(history[1]), File.ReadAllText(Path.Combine(output, "run.json")));
    }

    [SharedDataFact]
    public async Task Run_json_has_the_wall_clock_timeline_of_the_run_in_the_order_the_phases_happen()
    {
        var input = Path.Combine(_work, "in", "LAr", "photons", "E0000300");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0000300")).Order(StringComparer.Ordinal).Take(6))
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"]));

        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        var timeline = doc.RootElement.GetProperty("timeline_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        // Each phase of one run, in the order it must happen (times in seconds since the process started).
        string[] order = ["settings_checked", "host_built", "service_started", "run_started", "stages_created", "writer_ready",
            "first_track_read", "last_track_processed", "last_track_written", "tables_closed",
            "quest_selected", "post_passes_done"];
        foreach (var phase in order) Assert.True(timeline.ContainsKey(phase), $"timeline_seconds lacks {phase}: {string.Join(", ", timeline.Keys)}");
        for (int i = 1; i < order.Length; i++)
            Assert.True(timeline[order[i - 1]] <= timeline[order[i]], $"{order[i - 1]} at {timeline[order[i - 1]]} s comes after {order[i]} at {timeline[order[i]]} s");
        foreach (var phase in (string[])["first_track_written", "feed_ended"])
            Assert.True(timeline.ContainsKey(phase), $"timeline_seconds lacks {phase}: {string.Join(", ", timeline.Keys)}");
        // The writer may write its first row after the workers finished the last track (a short run on a busy machine: seen at
        // 1230.974 s against 1230.973 s), so the first write is ordered only against the reads and the last write.
        Assert.InRange(timeline["first_track_written"], timeline["first_track_read"], timeline["last_track_written"]);
        // The feed (the last track handed to the workers) ends while tracks are in flight: after the start, before the last one is done.
        Assert.InRange(timeline["feed_ended"], timeline["writer_ready"], timeline["last_track_processed"]);
        // Written in time order, so that a reader sees the run's course top to bottom.
        var written = doc.RootElement.GetProperty("timeline_seconds").EnumerateObject().Select(p => p.Value.GetDouble()).ToList();
        Assert.Equal(written.Order().ToList(), written);
        // The JIT's share: a run compiles some methods (generic instantiations outside the ReadyToRun images) and it took time.
        var jit = doc.RootElement.GetProperty("jit");
        Assert.True(jit.GetProperty("methods_compiled").GetInt64() > 0, jit.ToString());
        Assert.True(jit.GetProperty("compile_elapsed_seconds").GetDouble() > 0, jit.ToString());
    }

    [SharedDataFact]
    public async Task A_model_that_does_not_load_still_ends_the_run_with_one_line_though_it_loads_beside_the_start_up()
    {
        // The stages (and the model) are built on a thread of their own while the run starts: its failure must still be the run's.
        var input = Path.Combine(_work, "in", "LAr", "electrons", "E0000100");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0000100")).Order(StringComparer.Ordinal).Take(2))
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var notAModel = Path.Combine(_work, "empty.onnx");
        File.WriteAllBytes(notAModel, []);
        var output = Path.Combine(_work, "out");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "none",
            "--Classifier:ModelPath", notAModel]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains($"{notAModel}: not a classifier model", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(Directory.GetFiles(output, "*.parquet", SearchOption.AllDirectories));
    }
}
