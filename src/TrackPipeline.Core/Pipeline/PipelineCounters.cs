using System.Collections.Concurrent;
using System.Diagnostics;

namespace TrackPipeline.Pipeline;

/// <summary>Live counts of a run, updated from many threads, read by the progress display and run.json.</summary>
public sealed class PipelineCounters
{
    private long _discovered = -1;
    private long _written;
    private long _rejected;
    private long _skipped;
    private long _points;
    private readonly ConcurrentDictionary<string, long> _stageTicks = new();
    private readonly ConcurrentDictionary<string, long> _stageCpuNanoseconds = new();

    /// <summary>Tracks in this shard, once the counting pass has finished; -1 before.</summary>
    public long Discovered => Interlocked.Read(ref _discovered);
    public long Written => Interlocked.Read(ref _written);
    public long Rejected => Interlocked.Read(ref _rejected);
    /// <summary>Tracks already in the output from an earlier run (resume).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);
    public long Points => Interlocked.Read(ref _points);
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    private readonly TaskCompletionSource<Task> _stagesPrepared = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PipelineCounters() => StagesReady = WhenPreparedAsync();

    /// <summary>
    /// Completes when every stage is ready, derived from the stages' own preparation (<see cref="StagesPreparing"/>: the
    /// classifier's session made in the background); never when it fails: the progress display says nothing before, so a
    /// model that fails to load, however slowly, stays the run's only line.
    /// </summary>
    public Task StagesReady { get; }

    /// <summary>The stages' preparation (<see cref="IPreparedInBackground.Prepared"/> of every stage), once they are built.</summary>
    public void StagesPreparing(Task prepared) => _stagesPrepared.TrySetResult(prepared);

    private async Task WhenPreparedAsync()
    {
        var prepared = await _stagesPrepared.Task.ConfigureAwait(false);
        try
        {
            await prepared.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run fails with the stage's error (PipelineService); the display is never started.
            await new TaskCompletionSource().Task.ConfigureAwait(false);
        }
    }

    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every track has been written (the progress display then draws its last line).</summary>
    public Task Finished => _finished.Task;
    public void MarkFinished() => _finished.TrySetResult();

    /// <summary>A fatal error ended the run: the progress display stops without a last line (the error is the last word).</summary>
    public void MarkFailed()
    {
        Failed = true;
        _finished.TrySetResult();
    }

    public bool Failed { get; private set; }

    private readonly TaskCompletionSource _reported = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the progress display has drawn its last line, so later log lines start on a line of their own.</summary>
    public Task Reported => _reported.Task;
    public void MarkReported() => _reported.TrySetResult();

    public void SetDiscovered(long n) => Interlocked.Exchange(ref _discovered, n);
    public void AddSkipped() => Interlocked.Increment(ref _skipped);
    public void AddWritten(long points)
    {
        Interlocked.Increment(ref _written);
        Interlocked.Add(ref _points, points);
    }
    public void AddRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>
    /// Rejected inputs that are a refused truth pickle (<see cref="TrackItem.TruthFailureOf"/>): counted in
    /// <see cref="Rejected"/>, but their track is written (or skipped, when carried on a resume), so they are not tracks
    /// of the progress count (breaker12: "17/12 tracks").
    /// </summary>
    public long TruthOnlyRejected => Interlocked.Read(ref _truthOnlyRejected);
    private long _truthOnlyRejected;
    public void AddTruthOnlyRejected()
    {
        Interlocked.Increment(ref _truthOnlyRejected);
        Interlocked.Increment(ref _rejected);
    }

    /// <summary>Tracks finished by this run: written, or rejected as a whole (a refused truth pickle alone is not one).</summary>
    public long TracksDone => Written + Rejected - TruthOnlyRejected;

    /// <summary>Tracks written whose best-effort stage (the picture) failed: each has an errors-table row too.</summary>
    public long BestEffortFailures => Interlocked.Read(ref _bestEffortFailures);
    private long _bestEffortFailures;
    public void AddBestEffortFailure() => Interlocked.Increment(ref _bestEffortFailures);

    /// <summary>Gallery files (contact and comparison sheets, quest pictures, plots, index.html) that could not be written.</summary>
    public long GalleryFailures => Interlocked.Read(ref _galleryFailures);
    private long _galleryFailures;
    public void AddGalleryFailure() => Interlocked.Increment(ref _galleryFailures);
    public void AddStageTime(string stage, long wallTicks, long cpuNanoseconds)
    {
        _stageTicks.AddOrUpdate(stage, wallTicks, (_, t) => t + wallTicks);
        _stageCpuNanoseconds.AddOrUpdate(stage, cpuNanoseconds, (_, t) => t + cpuNanoseconds);
    }

    // CPU of the passes after the last track (quest, pictures composed from what the stages drew), by pass: the tail's
    // wall is what overlapping them can shorten, their CPU what only cheaper drawing can (issue 13, round 12).
    private readonly ConcurrentDictionary<string, long> _postPassCpuNanoseconds = new(StringComparer.Ordinal);

    /// <summary>Adds CPU nanoseconds (<see cref="ThreadCpuClock"/> on the thread that did it, or the process's) to a post-run pass.</summary>
    public void AddPostPassCpu(string pass, long cpuNanoseconds) =>
        _postPassCpuNanoseconds.AddOrUpdate(pass, cpuNanoseconds, (_, t) => t + cpuNanoseconds);

    /// <summary>Starts measuring a post-run pass on the process CPU clock; <see cref="PostPassMeasure.Done"/> marks
    /// <paramref name="doneMark"/> on the timeline and adds the CPU since now to <paramref name="pass"/> (a pass that throws records neither).</summary>
    public PostPassMeasure MeasurePostPass(string pass, string doneMark) => new(this, pass, doneMark, Environment.CpuUsage.TotalTime);

    /// <summary>One post-run pass being measured (<see cref="MeasurePostPass"/>).</summary>
    public readonly struct PostPassMeasure(PipelineCounters counters, string pass, string doneMark, TimeSpan startCpu)
    {
        public void Done()
        {
            counters.Mark(doneMark);
            counters.AddPostPassCpu(pass, (long)((Environment.CpuUsage.TotalTime - startCpu).TotalMilliseconds * 1e6));
        }
    }

    /// <summary>CPU seconds of each post-run pass, summed over the threads that did it.</summary>
    public IReadOnlyDictionary<string, double> PostPassCpuSeconds() =>
        _postPassCpuNanoseconds.ToDictionary(kv => kv.Key, kv => kv.Value / 1e9);

    /// <summary>Wall seconds each stage's calls took, summed over threads (includes waiting for a core).</summary>
    public IReadOnlyDictionary<string, double> StageWallSeconds() =>
        _stageTicks.ToDictionary(kv => kv.Key, kv => (double)kv.Value / Stopwatch.Frequency);

    /// <summary>CPU seconds each stage used, summed over threads (<see cref="ThreadCpuClock"/>).</summary>
    public IReadOnlyDictionary<string, double> StageCpuSeconds() =>
        _stageCpuNanoseconds.ToDictionary(kv => kv.Key, kv => kv.Value / 1e9);

    // The run's wall-clock timeline (issue 13: wall is what a user waits for; start-up and the tail after the last track
    // are wall that no CPU figure shows): seconds since the process started at which each phase was first (or last) reached.
    private readonly ConcurrentDictionary<string, double> _timeline = new(StringComparer.Ordinal);
    private static readonly DateTime ProcessStartUtc = StartOfThisProcess();

    private static DateTime StartOfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    /// <summary>Seconds since this process started (for a phase reached before the counters exist: <see cref="Mark(string, double)"/>).</summary>
    public static double SinceProcessStart() => (DateTime.UtcNow - ProcessStartUtc).TotalSeconds;

    /// <summary>Records the first time <paramref name="phase"/> is reached.</summary>
    public void Mark(string phase) => _timeline.TryAdd(phase, SinceProcessStart());

    /// <summary>Records <paramref name="phase"/> as reached at <paramref name="secondsSinceStart"/> (<see cref="SinceProcessStart"/>).</summary>
    public void Mark(string phase, double secondsSinceStart) => _timeline.TryAdd(phase, secondsSinceStart);

    /// <summary>Records the latest time <paramref name="phase"/> is reached (e.g. the last track written).</summary>
    public void MarkLatest(string phase) => _timeline[phase] = SinceProcessStart();

    /// <summary>The phases reached so far, in seconds since the process started (the clock's tick is the kernel's, ~10 ms).</summary>
    public IReadOnlyDictionary<string, double> Timeline() => _timeline.ToDictionary(kv => kv.Key, kv => kv.Value);
}
