using System.Diagnostics;
using System.Text.Json.Nodes;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Tests.Cluster;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The generated sample folders of <c>train</c> / <c>evaluate</c> on a cluster (known issues Q6, Q7): a command killed
/// with kill -9 while it generated left a <c>--work</c> folder refused for good ("no sample.json") and a
/// <c>*.partial-&lt;pid&gt;</c> folder that nothing removed; a reused sample was trusted on its sample.json alone, so a
/// track file replaced or removed inside it was measured as if it were the sample.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class SampleFolderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-sample-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static bool Measured(int code) => code is ExitCodes.Success or ExitCodes.SomeInputsRejected;   // 2: the tiny sample misses the targets

    [Fact]
    public async Task A_work_folder_whose_generation_was_killed_is_generated_again_by_the_same_command()
    {
        var work = Path.Combine(_work, "w");
        // The kill lands mid-generation by construction: it is sent as soon as the folder's claim (.generating.json, written
        // before the first track is started) appears, and the 12 tracks of 50 MeV are generated one at a time, so the whole
        // generation lies between the claim and sample.json. (It used to wait for the first .npz: with a core per track, as
        // on CI, every track was started at once and the first .npz came with the last, so the kill could land after
        // sample.json.) The rerun is the same command.
        string[] args = ["evaluate", "--count", "6", "--energies-kev", "50000", "--seed", "11", "--work", work, "--report", Path.Combine(_work, "r.md"),
            "--Run:MaxParallelism", "1"];
        using (var process = Process.Start(ClusterSupport.AppProcess(args))!)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(work, GeneratedSample.GeneratingName))
                   && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(120))
                await Task.Delay(5);
            Assert.False(process.HasExited, "the command ended before it could be killed");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        Assert.False(File.Exists(Path.Combine(work, "sample.json")), "killed before its sample was complete");

        var (code, output, error) = await ConsoleCapture.RunAsync(args);

        Assert.True(Measured(code), error);
        Assert.Contains("stopped before it finished", output);
        Assert.Contains("generating 12 tracks", output);
        Assert.True(File.Exists(Path.Combine(work, "sample.json")));
        Assert.False(File.Exists(Path.Combine(work, ".generating.json")));
        Assert.Equal(12, Directory.GetFiles(work, "*.npz", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task A_partial_folder_of_a_dead_process_is_removed_from_the_private_sample_cache()
    {
        var data = Path.Combine(_work, "data");
        var samples = Directory.CreateDirectory(Path.Combine(data, "trackpipeline", "samples")).FullName;
        // The id of a process that has ended: what a kill -9 during generation leaves in the partial folder's name.
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await ended.WaitForExitAsync();
        var dead = Directory.CreateDirectory(Path.Combine(samples, $"seed3-0123456789abcdef.partial-{ended.Id}")).FullName;
        File.WriteAllText(Path.Combine(dead, "half.npz"), "");
        var live = Directory.CreateDirectory(Path.Combine(samples, $"seed3-0123456789abcdef.partial-{Environment.ProcessId}")).FullName;

        var psi = ClusterSupport.AppProcess(["evaluate", "--count", "1", "--energies-kev", "100", "--seed", "3", "--report", Path.Combine(_work, "r.md")]);
        psi.Environment["XDG_DATA_HOME"] = data;   // the user's local application data, where the default sample folder lives
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(Measured(process.ExitCode), await stderr);
        Assert.False(Directory.Exists(dead));
        Assert.Contains($"left by process {ended.Id}", await stdout);
        Assert.True(Directory.Exists(live), "a partial folder of a live process is its generation in progress");
        Assert.Single(Directory.GetDirectories(samples), d => Path.GetFileName(d).StartsWith("seed3-", StringComparison.Ordinal) && !d.Contains(".partial-"));
    }

    [Fact]
    public async Task A_reused_sample_is_checked_file_by_file_not_only_by_its_sample_json()
    {
        var work = Path.Combine(_work, "w");
        string[] args = ["evaluate", "--count", "2", "--energies-kev", "100", "--seed", "5", "--work", work, "--report", Path.Combine(_work, "r.md")];
        Assert.True(Measured((await ConsoleCapture.RunAsync(args)).Code));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(work, "sample.json")))!;
        Assert.Equal(8, manifest["files"]!.AsObject().Count);   // 4 tracks, .npz and .pickle each
        var (code, output, _) = await ConsoleCapture.RunAsync(args);
        Assert.True(Measured(code));
        Assert.Contains("reusing the 4 generated tracks", output);

        // One track replaced by another of the same sample (a valid track, the same count): no longer the sample.
        var npzs = Directory.GetFiles(work, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        File.Copy(npzs[1], npzs[0], overwrite: true);
        var (replacedCode, replacedOutput, replacedError) = await ConsoleCapture.RunAsync(args);
        Assert.Equal(ExitCodes.Fatal, replacedCode);
        var line = Assert.Single(replacedError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(Path.GetFileName(npzs[0]), line);
        Assert.DoesNotContain("reusing", replacedOutput);

        // One removed: said too.
        File.Delete(npzs[0]);
        var (removedCode, _, removedError) = await ConsoleCapture.RunAsync(args);
        Assert.Equal(ExitCodes.Fatal, removedCode);
        Assert.Contains($"{Path.GetFileName(npzs[0])} is gone", removedError);
    }
}
