using System.Diagnostics;
using TrackPipeline.Tests.Cluster;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Round 10: <c>run</c> (its quest included) and <c>evaluate</c> score with ONNX Runtime only, so the app process never
/// loads an ML.NET assembly (ML.NET's model load and first prediction cost ~0.3 CPU-s and ~625 JIT-compiled methods per
/// process, and ML.NET cannot run under Native AOT). The app runs as its own process with this test assembly as a
/// startup hook (<see cref="global::StartupHook"/>) that lists every assembly loaded when the process exits.
/// </summary>
public sealed class NoMlNetAtRunTimeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-noml-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<string[]> LoadedAssemblies(string name, params string[] args)
    {
        var log = Path.Combine(_work, name + ".assemblies");
        var psi = ClusterSupport.AppProcess(args);
        psi.Environment["DOTNET_STARTUP_HOOKS"] = typeof(global::StartupHook).Assembly.Location;
        psi.Environment[global::StartupHook.LogVariable] = log;
        using var process = Process.Start(psi)!;
        var (code, stderr) = await ClusterSupport.FinishAsync(process);
        Assert.True(code is 0 or 2, $"{name} exited {code}: {stderr}");   // evaluate exits 2 when a goal is missed on 4 tracks
        return File.ReadAllLines(log);
    }

    [SharedDataFact]
    public async Task Run_and_evaluate_load_onnx_runtime_and_no_ml_net_assembly()
    {
        var input = Path.Combine(_work, "in", "LAr", "electrons", "E0010000");
        Directory.CreateDirectory(input);
        foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0010000")).Order(StringComparer.Ordinal).Take(8))
            File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var output = Path.Combine(_work, "out");

        foreach (var loaded in new[]
        {
            await LoadedAssemblies("run", "run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"),
            await LoadedAssemblies("evaluate", "evaluate", "--input", Path.Combine(_work, "in")),
        })
        {
            Assert.Contains("Microsoft.ML.OnnxRuntime", loaded);
            Assert.Contains("TrackPipeline.Core", loaded);
            Assert.DoesNotContain(loaded, a => a.StartsWith("Microsoft.ML", StringComparison.Ordinal) && a != "Microsoft.ML.OnnxRuntime");
        }
        Assert.True(File.Exists(Path.Combine(output, "quest", "candidates.parquet")), "the quest ranked the tracks");
    }
}
