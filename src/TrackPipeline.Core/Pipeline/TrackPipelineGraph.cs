using System.Diagnostics;
using System.Threading.Tasks.Dataflow;
using Microsoft.Extensions.Logging;
using TrackPipeline.Formats;
using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The Dataflow graph of a run: sources -> one TransformBlock that takes a track through every stage in turn
/// (parallel, bounded, ordered) -> the writer (one ActionBlock). A track that fails a stage is a value: the later
/// stages pass it on untouched and the writer puts it in the errors table, in discovery order like every other row.
/// Every block is bounded, so memory stays flat whatever the size of the dataset; output order follows discovery order
/// whatever the parallelism.
/// <para>One block for the whole chain rather than one per stage: the work is CPU-bound, so <c>parallelism</c> workers
/// (one per core) each carrying a track from file to rows keep the cores busy without the 6 x parallelism threads and
/// 6 x 2 x parallelism tracks in flight that a block per stage held (more memory, more cache misses, threads competing
/// for two cores; docs/benchmarks/whole-run.md).</para>
/// </summary>
/// <param name="admission">Admits tracks by their size into a memory budget (null: by count only, as the bounded blocks do).</param>
public sealed class TrackPipelineGraph(IReadOnlyList<ITrackStage> stages, PipelineCounters counters, int parallelism, ILogger logger,
    TrackAdmission? admission = null)
{
    public async Task RunAsync(IEnumerable<TrackSource> sources, DatasetWriter writer, CancellationToken stop)
    {
        using var abort = new CancellationTokenSource();
        var stageOptions = new ExecutionDataflowBlockOptions
        {
            MaxDegreeOfParallelism = parallelism,
            BoundedCapacity = 2 * parallelism,
            EnsureOrdered = true,
        };
        var sink = new ActionBlock<TrackItem>(async item =>
        {
            await writer.AddAsync(item, CancellationToken.None);
            counters.Mark("first_track_written");
            counters.MarkLatest("last_track_written");
            if (item.Failure is null) counters.AddWritten(item.RequireTrack().Deposits.Count);
            else counters.AddRejected();
            // A refused truth pickle is a rejected input too, though its track is written.
            if (item.Failure is null && item.TruthProblem is not null) counters.AddTruthOnlyRejected();
            if (item.Failure is null && item.BestEffortFailure is not null) counters.AddBestEffortFailure();
            admission?.Release(item);
        }, new ExecutionDataflowBlockOptions { BoundedCapacity = 4 * parallelism, MaxDegreeOfParallelism = 1 });

        // A failed track rides along the remaining stages untouched and the block is ordered, so the writer sees
        // failures in discovery order too and the errors table does not depend on timing.
        // The stages still starting (the classifier's session), looked up once: each is waited for before its first track.
        var preparations = new Task?[stages.Count];
        for (int s = 0; s < stages.Count; s++) preparations[s] = (stages[s] as IPreparedInBackground)?.Prepared;
        TransformBlock<TrackItem, TrackItem>? chain = null;
        chain = new TransformBlock<TrackItem, TrackItem>(item =>
        {
            for (int s = 0; s < stages.Count; s++)
            {
                // Waited for here, outside the per-track errors: its failure faults the chain, so the run fails with it
                // before any row reaches the writer.
                if (preparations[s] is { IsCompletedSuccessfully: false } starting) starting.GetAwaiter().GetResult();
                Process(stages[s], item);
            }
            counters.MarkLatest("last_track_processed");
            // The tail: from here on fewer tracks are left than workers (one core idles until the run ends).
            if (_fed && chain!.InputCount == 0) counters.Mark("tail_started");
            return item;
        }, stageOptions);
        chain.LinkTo(sink);
        // A writer fault (disk full, permissions) is fatal: stop feeding and unblock the stages.
        _ = sink.Completion.ContinueWith(t =>
        {
            abort.Cancel();
            ((IDataflowBlock)chain).Fault(t.Exception!);
        }, TaskContinuationOptions.OnlyOnFaulted);

        await FeedAsync(sources, chain, stop, abort.Token);
        counters.Mark("feed_ended");
        _fed = true;
        chain.Complete();
        try { await chain.Completion; }
        catch when (sink.Completion.IsFaulted) { }
        sink.Complete();
        await sink.Completion;
    }

    private volatile bool _fed;

    private async Task FeedAsync(IEnumerable<TrackSource> sources, ITargetBlock<TrackItem> head, CancellationToken stop, CancellationToken abort)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, abort);
        try
        {
            foreach (var source in sources)
            {
                if (linked.IsCancellationRequested) break;
                var item = new TrackItem(source);
                if (admission is not null && !await admission.AdmitAsync(item, linked.Token)) break;
                if (!await head.SendAsync(item, linked.Token)) break;
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop feeding; the tracks already in flight finish and are written, so a resume continues here.
        }
    }

    private TrackItem Process(ITrackStage stage, TrackItem item)
    {
        if (item.Failure is not null) return item;
        long start = Stopwatch.GetTimestamp();
        long cpuStart = ThreadCpuClock.NowNanoseconds();
        try
        {
            stage.Process(item, CancellationToken.None);
        }
        catch (Exception e) when (stage is IBestEffortStage && e is not OperationCanceledException)
        {
            // Only this stage's output is lost (e.g. a picture); the track's data are still written, and the errors
            // table gets a row saying what is missing and why.
            logger.LogWarning("{Stage} failed on {Track}, the track's rows are kept: {Problem}", stage.Name, TerminalText.OneLine(item.Source.RelativePath), TerminalText.OneLine(ProblemOf(e)));
            logger.LogDebug(e, "{Stage} failed on {Track}", stage.Name, item.Source.RelativePath);
            item.BestEffortFailure = BestEffortFailureOf(item.Source, stage, e);
        }
        catch (TrackFormatException e)
        {
            item.Failure = new TrackFailure(e.Path, stage.Name, ErrorKindName(e.Kind), e.Message);
        }
        catch (Exception e)
        {
            // A bug (or the node out of memory), but only this track pays for it: the run goes on and the errors table
            // says what happened. One line per track, as its error row: on a cluster a user reads hundreds of these,
            // so the stack trace is for the debug level (run --verbose) only.
            logger.LogError("{Stage} failed on {Track}: {Problem}", stage.Name, TerminalText.OneLine(item.Source.RelativePath), TerminalText.OneLine(ProblemOf(e)));
            logger.LogDebug(e, "{Stage} failed on {Track}", stage.Name, item.Source.RelativePath);
            item.Failure = new TrackFailure(item.Source.NpzPath, stage.Name, "internal_error", $"{item.Source.NpzPath}: {e.GetType().Name}: {e.Message}");
        }
        counters.AddStageTime(stage.Name, Stopwatch.GetTimestamp() - start, ThreadCpuClock.NowNanoseconds() - cpuStart);
        if (stage is ReadStage) counters.Mark("first_track_read");
        return item;
    }

    /// <summary>An exception as one line of a log: its type and message, never its stack trace.</summary>
    public static string ProblemOf(Exception e) => $"{e.GetType().Name}: {string.Join(' ', e.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}";

    /// <summary>The errors-table row of a best-effort stage that failed on a good track: the track is in the tracks table, its output of that stage is not.</summary>
    public static TrackFailure BestEffortFailureOf(TrackSource source, ITrackStage stage, Exception e) =>
        new(source.NpzPath, stage.Name, $"{stage.Name}_failed",
            $"{source.NpzPath}: {stage.Name} failed ({e.GetType().Name}: {e.Message}); the track's rows are written, its {stage.Name} output is missing");

    /// <summary>The errors-table row of a best-effort stage that could not write a file of a good track (said as the gallery says it).</summary>
    public static TrackFailure BestEffortFailureOf(TrackSource source, ITrackStage stage, WriteFailure failure) =>
        new(source.NpzPath, stage.Name, $"{stage.Name}_failed",
            $"{source.NpzPath}: {stage.Name} failed, could not write {failure.Message}; the track's rows are written, that file is missing");

    /// <summary>lower_snake_case name of an error kind, as written in the errors table.</summary>
    public static string ErrorKindName(InputErrorKind kind) => kind switch
    {
        InputErrorKind.Io => "io",
        InputErrorKind.Zip => "zip",
        InputErrorKind.Npy => "npy",
        InputErrorKind.Pickle => "pickle",
        InputErrorKind.UnsafePickle => "unsafe_pickle",
        InputErrorKind.Shape => "shape",
        InputErrorKind.Value => "value",
        InputErrorKind.MissingPickle => "missing_pickle",
        InputErrorKind.Truth => "truth",
        InputErrorKind.MaterialMismatch => "material_mismatch",
        InputErrorKind.NotRegularFile => "not_regular_file",
        InputErrorKind.TooLarge => "too_large",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
