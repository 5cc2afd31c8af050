using TrackPipeline.App;
using TrackPipeline.App.Commands;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker15 item 4: a SIGTERM in the instant after the host took over the signals but before the pipeline service ran
/// exited 1 with no line (an exit code nobody set). A stop before the start is an interruption: 130 and one line.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class InterruptedBeforeStartTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-stop-before-start-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_stop_before_the_service_ran_is_an_interruption_with_one_line()
    {
        if (TestData.TracksRoot is not { } tracks || !Directory.Exists(tracks))
        {
            Console.WriteLine("SKIPPED (the shared sample ../shared/data/Tracks is absent)");
            return;
        }
        var output = Path.Combine(_work, "out");
        using var host = RunCommand.CreateBuilder(null, ["--Run:Input", tracks, "--Run:Output", output, "--Images:Mode", "none"]).Build();
        using var stopped = new CancellationTokenSource();
        await stopped.CancelAsync();

        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(TextWriter.Synchronized(error));
        int code;
        try
        {
            code = await RunCommand.RunHostAsync(host, stopped.Token);
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.Equal(ExitCodes.Interrupted, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("interrupted before the run started", line);
        Assert.False(Directory.Exists(output), "nothing is written when the run never started");
    }

    /// <summary>
    /// breaker16 E: Ctrl+C or SIGTERM while the run waits for a shard lease another process holds (--Run:WaitForShard true)
    /// said "run failed: A task was canceled." and exited 1; it is an interruption: 130, and no "run failed" line.
    /// </summary>
    [Fact]
    public async Task A_stop_while_waiting_for_a_held_shard_lease_is_an_interruption()
    {
        if (TestData.TracksRoot is not { } tracks || !Directory.Exists(tracks))
        {
            Console.WriteLine("SKIPPED (the shared sample ../shared/data/Tracks is absent)");
            return;
        }
        var output = Path.Combine(_work, "held");
        // The lease of the whole output, held here: the run can only wait for it (a second open fails in one process too).
        using var held = await TrackPipeline.Output.ShardLease.AcquireAsync(output, TrackPipeline.Output.ShardSpec.Single, wait: false, CancellationToken.None);
        using var host = RunCommand.CreateBuilder(null, ["--Run:Input", tracks, "--Run:Output", output, "--Images:Mode", "none", "--Run:WaitForShard", "true"]).Build();
        var outcome = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TrackPipeline.App.Hosting.RunOutcome>(host.Services);
        using var stop = new CancellationTokenSource();

        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(TextWriter.Synchronized(error));
        int code;
        try
        {
            var running = RunCommand.RunHostAsync(host, stop.Token);
            // Stopped once the service runs: from then on it can only be waiting for the lease, or about to.
            while (!outcome.ServiceStarted && !running.IsCompleted) await Task.Delay(20);
            await stop.CancelAsync();
            code = await running;
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.True(outcome.ServiceStarted, error.ToString());
        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.DoesNotContain("run failed", error.ToString());
        Assert.False(Directory.Exists(Path.Combine(output, TrackPipeline.Output.DatasetLayout.TracksFolder)), "nothing is written while waiting");
    }
}
