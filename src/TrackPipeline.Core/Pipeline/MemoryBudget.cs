namespace TrackPipeline.Pipeline;

/// <summary>
/// A number of bytes shared by the tracks in flight: a track enters the pipeline only when its estimated footprint
/// fits in what is left, and gives it back when the writer has its rows. So memory is bounded by the budget whatever
/// the track sizes, not only by the number of tracks in flight. Reservations are made in discovery order by the one
/// feeder, so the tracks holding bytes are always ahead and will drain: waiting cannot deadlock.
/// </summary>
public sealed class MemoryBudget(long capacityBytes)
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _released = new(0);
    private long _inUse;

    public long CapacityBytes { get; } = capacityBytes;

    /// <summary>The most bytes held at once so far (for run.json and the tests).</summary>
    public long PeakBytes { get; private set; }

    public long InUseBytes { get { lock (_gate) return _inUse; } }

    /// <summary>Waits until <paramref name="bytes"/> (at most the capacity) fit, then holds them.</summary>
    public async Task ReserveAsync(long bytes, CancellationToken cancellationToken)
    {
        if (bytes > CapacityBytes) throw new ArgumentOutOfRangeException(nameof(bytes), $"{bytes} bytes exceed the budget of {CapacityBytes}");
        while (true)
        {
            lock (_gate)
            {
                // An empty budget always admits: one track alone never waits for itself.
                if (_inUse == 0 || _inUse + bytes <= CapacityBytes)
                {
                    _inUse += bytes;
                    PeakBytes = Math.Max(PeakBytes, _inUse);
                    return;
                }
            }
            await _released.WaitAsync(cancellationToken);
        }
    }

    public void Release(long bytes)
    {
        if (bytes <= 0) return;
        lock (_gate) _inUse -= bytes;
        _released.Release();
    }
}
