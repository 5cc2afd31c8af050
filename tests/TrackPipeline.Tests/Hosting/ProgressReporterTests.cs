using Microsoft.Extensions.Options;
using TrackPipeline.App.Hosting;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The progress display and the classifier's session made in the background (breaker15 item 2): a model that fails to
/// load, however slowly, must stay the run's only line, so no progress line is drawn before the stages are ready.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ProgressReporterTests
{
    private static async Task<string> ReportedAsync(Func<PipelineCounters, Task> run)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(TextWriter.Synchronized(error));
        try
        {
            var counters = new PipelineCounters();
            using var reporter = new ProgressReporter(counters, Options.Create(new RunOptions { ProgressIntervalSeconds = 0.01 }));
            await reporter.StartAsync(CancellationToken.None);
            await run(counters);
            await counters.Reported.WaitAsync(TimeSpan.FromMinutes(1));
            await reporter.StopAsync(CancellationToken.None);
            return error.ToString();
        }
        finally
        {
            Console.SetError(saved);
        }
    }

    [Fact]
    public async Task No_progress_is_drawn_while_the_stages_are_being_made_and_fail()
    {
        var drawn = await ReportedAsync(async counters =>
        {
            // Many progress intervals (10 ms redirected, 250 ms on a terminal) while the model is still loading.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            counters.MarkFailed();
        });
        Assert.Equal("", drawn);
    }

    [Fact]
    public async Task Progress_is_drawn_once_the_stages_are_ready()
    {
        var drawn = await ReportedAsync(counters =>
        {
            counters.StagesPreparing(Task.CompletedTask);
            counters.MarkFinished();
            return Task.CompletedTask;
        });
        Assert.Contains("tracks", drawn);
    }
}
