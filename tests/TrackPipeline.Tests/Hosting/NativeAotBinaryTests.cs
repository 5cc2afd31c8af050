using System.Diagnostics;
using TrackPipeline.App;
using TrackPipeline.Tests.Cluster;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The binary users run: the launcher (<c>./trackpipeline</c>) runs the Native AOT publish of the app, which is compiled
/// apart from the build the other tests run (trimmed, no JIT, the settings bound by generated code). Here the launcher runs
/// the sample with every picture, and the ReadyToRun build of the same source runs it too: every file but the run's report (its
/// timings) and the shard lock must be byte-identical, Parquet and PNG alike. The other process-level tests keep <c>dotnet exec</c> of the test
/// build: they test signals, locks and limits of the program's own code, which both builds share, and a publish per change
/// would add minutes to each of them; this one test is where the two builds must agree.
/// </summary>
public sealed class NativeAotBinaryTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-aot-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [NativeAotFact]
    public async Task The_launchers_native_binary_writes_what_the_readytorun_build_writes()
    {
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        string[] Run(string output) => ["run", "--input", input, "--output", output, "--images", "all"];

        var (aotCode, aotErr) = await Launch(Run(Path.Combine(_work, "aot")));
        Assert.True(aotCode == 0, $"the launcher's run exited {aotCode}: {aotErr}");
        Assert.DoesNotContain("running the ReadyToRun build", aotErr);   // the publish worked: the AOT binary ran
        Assert.True(File.Exists(NativeAot.App), $"no Native AOT binary at {NativeAot.App} after the launcher ran");

        var psi = new ProcessStartInfo(NativeAot.ReadyToRunApp) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in Run(Path.Combine(_work, "r2r"))) psi.ArgumentList.Add(a);
        using (var process = Process.Start(psi)!)
        {
            var (code, err) = await ClusterSupport.FinishAsync(process);
            Assert.True(code == 0, $"the ReadyToRun build's run exited {code}: {err}");
        }

        var aot = Files(Path.Combine(_work, "aot"));
        var r2r = Files(Path.Combine(_work, "r2r"));
        Assert.Equal(r2r, aot);
        Assert.Contains(aot, f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(aot, f => f.EndsWith(".png", StringComparison.Ordinal));
        var differ = aot.Where(f => !File.ReadAllBytes(Path.Combine(_work, "aot", f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_work, "r2r", f)))).ToList();
        Assert.True(differ.Count == 0, $"{differ.Count} of {aot.Count} files differ between the Native AOT and ReadyToRun runs: {string.Join(", ", differ.Take(10))}");
    }

    [NativeAotFact]
    public async Task The_launcher_runs_train_in_the_readytorun_build()
    {
        // A train that fails at once (no such input): the ReadyToRun build says why; the AOT binary would refuse train itself.
        var (code, err) = await Launch(["train", "--input", Path.Combine(_work, "nothing-here")]);
        Assert.NotEqual(0, code);
        Assert.DoesNotContain("not in this Native AOT build", err);
        Assert.Contains("nothing-here", err);
    }

    private static async Task<(int Code, string Stderr)> Launch(string[] args)
    {
        var psi = new ProcessStartInfo(NativeAot.Launcher) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("TRACKPIPELINE_NATIVE_AOT");
        using var process = Process.Start(psi)!;
        return await ClusterSupport.FinishAsync(process);
    }

    /// <summary>
    /// Every file of an output, relative and sorted, but the run's report (run.json and its copy under runs/: timings, host)
    /// and the shard's lock (.locks/: the process that held it).
    /// </summary>
    private static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f))
            .Where(f => f != "run.json" && !f.StartsWith("runs" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.StartsWith(".locks" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}

/// <summary>Where the launcher, its Native AOT binary and the ReadyToRun build are (as the launcher script names them).</summary>
public static class NativeAot
{
    public static string Launcher => Path.Combine(TestData.RepoRoot!, "trackpipeline");

    public static string App => Path.Combine(PublishFolder, "trackpipeline");

    /// <summary>Where the launcher publishes on this machine (NativeAotPublishFolderTests: the launcher says the same).</summary>
    public static string PublishFolder =>
        NativeAotPublishFolder.Of(Path.Combine(TestData.RepoRoot!, "src", "TrackPipeline"), "Release", "net10.0", NativeAotPublishFolder.LauncherRid ?? "linux-x64");

    public static string ReadyToRunApp => Path.Combine(TestData.RepoRoot!, "src", "TrackPipeline", "bin", "Release", "net10.0", "trackpipeline");

    /// <summary>Set by <c>.ci/run</c> (which publishes the binary first): the test must run, not skip.</summary>
    public const string RequiredVariable = "TP_NATIVE_AOT_TEST";
}

/// <summary>
/// A fact about the Native AOT binary: it runs where the sample is and either the binary has been published (the launcher
/// publishes it again if a source changed) or <c>.ci/run</c> requires it; elsewhere it is skipped with the reason, since
/// the first publish costs a minute or more (README).
/// </summary>
public sealed class NativeAotFactAttribute : FactAttribute
{
    public NativeAotFactAttribute()
    {
        if (TestData.SharedDataRoot is null) Skip = TestData.MissingMessage;
        else if (!OperatingSystem.IsLinux()) Skip = "SKIPPED (not Linux): the launcher publishes the Native AOT binary for Linux";
        else if (!File.Exists(NativeAot.App) && Environment.GetEnvironmentVariable(NativeAot.RequiredVariable) != "1")
            Skip = $"SKIPPED (no Native AOT binary at {NativeAot.App}): ./trackpipeline version publishes it; .ci/run does, with {NativeAot.RequiredVariable}=1";
    }
}
