using System.Diagnostics;

namespace TrackPipeline.Tests.Cluster;

/// <summary>
/// `pipelines/slurm/submit.sh` sizes SLURM's request from TP_MEMORY_BUDGET_MB and TP_CPUS and passes them to the app itself;
/// the same settings among the user's arguments would be refused by every task at start (a setting twice on one command
/// line) after the jobs were queued, so the script refuses them before submitting anything (breaker14 F8). A stand-in
/// `sbatch` on the PATH records what would have been submitted.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // bash, a stand-in sbatch with Unix modes
public sealed class SubmitScriptTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-submit-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private (int Code, string Stderr, string[] Submitted) Submit(params string[] settings)
    {
        string bin = Path.Combine(_work, "bin"), calls = Path.Combine(_work, "sbatch-calls");
        Directory.CreateDirectory(bin);
        string sbatch = Path.Combine(bin, "sbatch");
        File.WriteAllText(sbatch, $"#!/usr/bin/env bash\necho \"$*\" >> '{calls}'\necho 4242\n");
        File.SetUnixFileMode(sbatch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(TestData.RepoRoot!, "pipelines", "slurm", "submit.sh"));
        foreach (var a in (string[])[_work, Path.Combine(_work, "out"), "2", .. settings]) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err, File.Exists(calls) ? File.ReadAllLines(calls) : []);
    }

    [Theory]
    [InlineData("--Run:MemoryBudgetMb", "3000", "TP_MEMORY_BUDGET_MB")]
    [InlineData("--run:memorybudgetmb=3000", null, "TP_MEMORY_BUDGET_MB")]
    [InlineData("--max-parallelism", "4", "TP_CPUS")]
    [InlineData("--Run:MaxParallelism", "4", "TP_CPUS")]
    public void The_budget_or_the_cores_among_the_settings_are_refused_before_anything_is_submitted(string name, string? value, string advice)
    {
        if (TestData.RepoRoot is null) { Console.WriteLine("SKIPPED (repository root not found above the test assembly)"); return; }
        var (code, err, submitted) = Submit(value is null ? ["--images", "none", name] : ["--images", "none", name, value]);
        Assert.Equal(1, code);
        Assert.Contains(advice, err);
        Assert.Empty(submitted);
    }

    [Fact]
    public void Other_settings_submit_the_array_and_the_merge_sized_from_the_environment()
    {
        if (TestData.RepoRoot is null) { Console.WriteLine("SKIPPED (repository root not found above the test assembly)"); return; }
        var (code, err, submitted) = Submit("--images", "none");
        Assert.True(code == 0, err);
        Assert.Equal(2, submitted.Length);
        Assert.All(submitted, s => Assert.Contains("--mem 4096M", s));
        Assert.Contains("--array 0-1", submitted[0]);
    }
}
