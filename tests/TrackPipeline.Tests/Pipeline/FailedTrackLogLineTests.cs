using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// A track that fails a stage with an exception (out of memory on a crowded node, a bug) is one log line naming the file
/// and the problem, as its errors-table row: a user on a cluster reads hundreds of such lines, and the console logger
/// puts an attached exception's whole stack trace on that line. The trace goes to the debug level (run --verbose).
/// </summary>
public sealed class FailedTrackLogLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-faillog-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private sealed record Entry(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger
    {
        public readonly List<Entry> Entries = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add(new Entry(logLevel, formatter(state, exception), exception));
        }
    }

    private sealed class OutOfMemoryDrift : ITrackStage
    {
        public string Name => "drift";
        public void Process(TrackItem item, CancellationToken cancellationToken) =>
            throw new OutOfMemoryException("Insufficient memory to continue the execution of the program.");
    }

    private sealed class FailingPictures : IBestEffortStage
    {
        public string Name => "render";
        public void Process(TrackItem item, CancellationToken cancellationToken) => throw new InvalidOperationException("canvas lost\nsecond line");
    }

    [SharedDataTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_track_that_fails_with_an_exception_is_one_log_line_naming_the_file_and_the_problem_without_the_stack_trace(bool bestEffort)
    {
        var folder = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0000500");
        ITrackStage failing = bestEffort ? new FailingPictures() : new OutOfMemoryDrift();
        var layout = new DatasetLayout(_work, ShardSpec.Single);
        var writer = new DatasetWriter(layout, TrackTable.CreateSchema([]), [], new WriterSettings(100, 1000), 0, new Dictionary<string, string>());
        var logger = new RecordingLogger();

        await new TrackPipelineGraph([new ReadStage(), failing], new PipelineCounters(), 2, logger).RunAsync(DatasetDiscovery.Discover(folder), writer, CancellationToken.None);
        await writer.FlushAllAsync(CancellationToken.None);

        var tracks = DatasetDiscovery.Discover(folder).Select(s => s.RelativePath).ToList();
        Assert.Equal(6, tracks.Count);
        var shown = logger.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        // One line per track, naming it and what failed, with no exception attached (the console would print its trace).
        Assert.Equal(tracks.Order(), shown.Select(e => tracks.Single(t => e.Message.Contains(t))).Order());
        Assert.All(shown, e =>
        {
            Assert.Null(e.Exception);
            Assert.DoesNotContain('\n', e.Message);
            Assert.DoesNotContain(" at TrackPipeline", e.Message);
            Assert.Contains(bestEffort ? "InvalidOperationException: canvas lost second line" : "OutOfMemoryException: Insufficient memory", e.Message);
        });
        // The trace is there for whoever asks for the debug level.
        var debug = logger.Entries.Where(e => e.Level == LogLevel.Debug).ToList();
        Assert.Equal(6, debug.Count);
        Assert.All(debug, e => Assert.Contains("at TrackPipeline.Tests", e.Exception!.StackTrace));

        // The errors-table rows say the same as before: the file and the problem.
        var errors = (await ParquetDataset.ReadAsync(Path.Combine(_work, "errors"))).Rows;
        Assert.Equal(6, errors.Count);
        Assert.All(errors, row => Assert.Contains(bestEffort ? "canvas lost" : "Insufficient memory", (string)row["message"]!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_verbose_shows_the_programs_debug_level_and_only_then(bool verbose)
    {
        using var host = RunCommand.CreateBuilder(null, [], verbose: verbose).Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();
        Assert.Equal(verbose, loggers.CreateLogger("TrackPipeline.App.Hosting.PipelineService").IsEnabled(LogLevel.Debug));
        Assert.True(loggers.CreateLogger("TrackPipeline.App.Hosting.PipelineService").IsEnabled(LogLevel.Information));
        // The framework's own chatter stays at the shipped level.
        Assert.False(loggers.CreateLogger("Microsoft.Hosting.Lifetime").IsEnabled(LogLevel.Information));
    }
}
