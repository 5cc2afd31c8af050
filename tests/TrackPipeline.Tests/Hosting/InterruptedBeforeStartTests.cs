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
}
