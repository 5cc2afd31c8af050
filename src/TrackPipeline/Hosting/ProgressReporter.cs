using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Shows progress: on a terminal a live bar (tracks, points/s, ETA) redrawn in place; when the output is
/// redirected (batch jobs, CI) a plain line every few seconds.
/// </summary>
public sealed class ProgressReporter(PipelineCounters counters, IOptions<RunOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        bool live = !Console.IsErrorRedirected;
        var interval = live ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(options.Value.ProgressIntervalSeconds);
        try
        {
            // Nothing until the stages are ready: a classifier model that fails to load is the run's only line.
            await Task.WhenAny(counters.StagesReady, counters.Finished, Task.Delay(Timeout.Infinite, stoppingToken));
            while (!stoppingToken.IsCancellationRequested && !counters.Finished.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(interval, stoppingToken), counters.Finished);
                if (!counters.Finished.IsCompleted) Report(live);
            }
        }
        catch (OperationCanceledException) { }
        if (!counters.Failed)
        {
            Report(live);
            if (live) Console.Error.WriteLine();
        }
        counters.MarkReported();
    }

    private void Report(bool live)
    {
        if (counters.Failed) return;
        long done = counters.TracksDone;
        long total = counters.Discovered >= 0 ? counters.Discovered - counters.Skipped : -1;
        double seconds = Math.Max(counters.Clock.Elapsed.TotalSeconds, 1e-3);
        double pointsPerSecond = counters.Points / seconds;
        double tracksPerSecond = done / seconds;
        string eta = total > 0 && tracksPerSecond > 0 ? FormatDuration(Math.Max(0, total - done) / tracksPerSecond) : "?";
        string count = total >= 0 ? $"{done}/{total}" : $"{done}/?";
        string rates = $"{tracksPerSecond:F1} tracks/s, {pointsPerSecond / 1e6:F2} M points/s, {counters.Rejected} rejected, ETA {eta}";
        if (live)
        {
            const int width = 30;
            int filled = total > 0 ? (int)Math.Min(width, width * done / total) : 0;
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {count} tracks, {rates}   ");
        }
        else
        {
            Console.Error.WriteLine($"progress: {count} tracks, {rates}");
        }
    }

    private static string FormatDuration(double seconds) =>
        seconds < 90 ? $"{seconds:F0}s" : seconds < 5400 ? $"{seconds / 60:F0}m" : $"{seconds / 3600:F1}h";
}
