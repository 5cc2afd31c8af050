using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>run.json: what ran, on what, with which settings, how long it took and what came out.</summary>
public static class RunReport
{
    /// <param name="model">The model file the run read and the digest of the bytes it scores with (null: the file as the settings name it now).</param>
    public static string Create(RunOptions run, IConfiguration configuration, PipelineCounters counters,
        DateTimeOffset started, string status, int exitCode, int filesWritten, ClassifierModelRead? model = null, JsonObject? presets = null)
    {
        model ??= new ClassifierModelRead(ClassifierModelDigest.FileOf(configuration), ClassifierModelDigest.Of(configuration));
        var wall = counters.Clock.Elapsed.TotalSeconds;
        static JsonObject PerStage(IReadOnlyDictionary<string, double> seconds)
        {
            var json = new JsonObject();
            foreach (var (stage, s) in seconds.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json[stage] = Math.Round(s, 4);
            return json;
        }
        static JsonObject InTimeOrder(IReadOnlyDictionary<string, double> marks)
        {
            var json = new JsonObject();
            foreach (var (phase, s) in marks.OrderBy(kv => kv.Value)) json[phase] = Math.Round(s, 3);
            return json;
        }
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var report = new JsonObject
        {
            ["tool"] = "TrackPipeline",
            ["version"] = VersionInfo.Version,
            ["status"] = status,
            ["exit_code"] = exitCode,
            ["started_utc"] = started.ToString("O"),
            ["finished_utc"] = DateTimeOffset.UtcNow.ToString("O"),
            ["wall_seconds"] = Math.Round(wall, 3),
            ["input"] = run.Input is null ? null : Path.GetFullPath(run.Input),
            ["output"] = Path.GetFullPath(run.Output),
            ["shard"] = run.Shard,
            ["seed"] = run.Seed,
            ["parallelism"] = run.EffectiveParallelism,
            ["counts"] = new JsonObject
            {
                ["tracks_in_shard"] = counters.Discovered,
                ["skipped_already_written"] = counters.Skipped,
                ["tracks_written"] = counters.Written,
                ["inputs_rejected"] = counters.Rejected,
                ["pictures_failed"] = counters.BestEffortFailures,
                ["gallery_files_failed"] = counters.GalleryFailures,
                ["points"] = counters.Points,
                ["files_written"] = filesWritten,
            },
            ["throughput"] = new JsonObject
            {
                ["tracks_per_second"] = wall > 0 ? Math.Round(counters.Written / wall, 2) : 0,
                ["points_per_second"] = wall > 0 ? Math.Round(counters.Points / wall, 0) : 0,
            },
            // CPU the stages' own threads used (thread CPU clock), beside the wall time their calls took: the gap is
            // time spent waiting for a core. process_cpu_seconds adds what no stage owns (JIT, GC, writing, pictures' post-pass).
            ["stage_cpu_seconds"] = PerStage(counters.StageCpuSeconds()),
            ["stage_wall_seconds"] = PerStage(counters.StageWallSeconds()),
            ["process_cpu_seconds"] = Math.Round(self.TotalProcessorTime.TotalSeconds, 3),
            ["stage_cpu_is_thread_time"] = ThreadCpuClock.IsThreadCpuTime,
            // The passes after the last track, by pass (quest selection, each kind of gallery sheet drawn and encoded, plots,
            // index), and "all" for the whole process from the tables closed to the passes done (writes and waits included).
            ["post_pass_cpu_seconds"] = PerStage(counters.PostPassCpuSeconds()),
            // When each phase was reached, in seconds since the process started, in time order (start-up, first and last
            // track, tables closed, quest): the wall a run spends outside the stages' parallel part.
            ["timeline_seconds"] = InTimeOrder(counters.Timeline()),
            // How much of the run the collector took (pauses of the threads doing work, and collections per generation),
            // and how much was allocated: what pooling or GC settings could buy back.
            ["gc"] = new JsonObject
            {
                ["pause_seconds"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3),
                ["collections_gen0"] = GC.CollectionCount(0),
                ["collections_gen1"] = GC.CollectionCount(1),
                ["collections_gen2"] = GC.CollectionCount(2),
                ["allocated_mb"] = Math.Round(GC.GetTotalAllocatedBytes() / 1048576.0, 0),
            },
            // What the JIT compiler did (every thread: methods without ReadyToRun code at tier 0, hot ones again at tier 1):
            // work a one-shot run pays that no stage owns, and what a larger ReadyToRun version bubble could buy back. The
            // time is the runtime's: wall time inside the compiler summed over threads, so on a busy machine it includes
            // waiting for a core (docs/benchmarks/whole-run.md, round 7: ~0.4 CPU-s of a sample run by a perf profile).
            ["jit"] = new JsonObject
            {
                ["methods_compiled"] = System.Runtime.JitInfo.GetCompiledMethodCount(),
                ["compile_elapsed_seconds"] = Math.Round(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds, 3),
                ["il_bytes_compiled"] = System.Runtime.JitInfo.GetCompiledILBytes(),
            },
            ["configuration"] = ConfigurationJson(configuration),
            [ClassifierModelDigest.FileKey] = model.File,
            [ClassifierModelDigest.ReportKey] = model.Sha256,
            // The values the run read (PipelineService reads them once); a copy, as each report is a tree of its own.
            [DetectorPresetValues.ReportKey] = presets?.DeepClone() ?? DetectorPresetValues.Of(configuration),
            [TableLayout.ReportKey] = TableLayout.Current,
            ["machine"] = new JsonObject
            {
                ["cores"] = Environment.ProcessorCount,
                ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                ["dotnet"] = Environment.Version.ToString(),
                // The process's peak resident memory (VmHWM): what a SLURM memory limit sees.
                ["peak_rss_mb"] = Math.Round(System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
            },
        };
        return report.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The effective settings (all sections but Logging), as a JSON tree (also what <see cref="RowSettings"/> compares).</summary>
    /// List settings are written whole, as the run bound them (<see cref="SettingsCatalog.ReplaceLists"/>), not as the
    /// configuration system merges them index by index (a shorter list would show the shipped list's tail).
    public static JsonObject ConfigurationJson(IConfiguration configuration)
    {
        var node = Tree(configuration);
        if (configuration is IConfigurationRoot root)
            foreach (var (section, key) in SettingsCatalog.ListSettings())
                if (node[section] is JsonObject s && SettingsCatalog.EffectiveList(root, $"{section}:{key}") is { } items)
                    s[key] = new JsonArray([.. items.Select(v => v is null ? null : (JsonNode)JsonValue.Create(v))]);
        return node;
    }

    private static JsonObject Tree(IConfiguration configuration)
    {
        var node = new JsonObject();
        foreach (var child in configuration.GetChildren().OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (child.Key is "Logging") continue;
            node[child.Key] = child.GetChildren().Any() ? Tree(child) : child.Value is null ? null : JsonValue.Create(child.Value);
        }
        return node;
    }
}
