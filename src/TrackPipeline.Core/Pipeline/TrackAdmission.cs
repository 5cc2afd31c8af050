using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Lets a track into the pipeline by its size. Its footprint is estimated before anything is inflated, from the
/// array sizes its <c>.npz</c> declares times the measured cost of a declared byte in flight (deposits decoded,
/// drifted charge, readout samples: <see cref="RunOptions.BytesInFlightPerNpzByte"/>, docs/benchmarks/memory.md).
/// A track whose footprint exceeds the whole budget is rejected with <c>too_large</c>; the others wait for room.
/// </summary>
public sealed class TrackAdmission(MemoryBudget budget, double bytesInFlightPerNpzByte)
{
    public const string Stage = "read";

    public MemoryBudget Budget { get; } = budget;

    /// <summary>Largest declared .npz size that fits the budget: the reader refuses anything larger before inflating it.</summary>
    public long MaxDeclaredNpzBytes => (long)Math.Min(long.MaxValue / 2, Budget.CapacityBytes / bytesInFlightPerNpzByte);

    /// <summary>Reserves the item's footprint (waits for room), or marks it too large. Returns false when cancelled.</summary>
    public async Task<bool> AdmitAsync(TrackItem item, CancellationToken cancellationToken)
    {
        if (item.Source.Problem is not null) return true; // an error row: no points
        long declared;
        try
        {
            InputFile.RequireRegular(item.Source.NpzPath);
            declared = NpzReader.DeclaredBytes(item.Source.NpzPath);
        }
        catch (TrackFormatException)
        {
            return true; // the read stage reports the same problem with its full message
        }
        long footprint = (long)Math.Ceiling(declared * bytesInFlightPerNpzByte);
        if (footprint > Budget.CapacityBytes)
        {
            item.Failure = new TrackFailure(item.Source.NpzPath, Stage, TrackPipelineGraph.ErrorKindName(InputErrorKind.TooLarge),
                $"{item.Source.NpzPath}: declares {declared:N0} bytes of arrays, about {footprint / (1 << 20):N0} MB in flight, " +
                $"more than the memory budget of {Budget.CapacityBytes / (1 << 20):N0} MB (Run:MemoryBudgetMb); not read");
            return true;
        }
        try
        {
            await Budget.ReserveAsync(footprint, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        item.AdmittedBytes = footprint;
        return true;
    }

    /// <summary>Gives the item's bytes back once the writer holds its rows (the points are garbage from then on).</summary>
    public void Release(TrackItem item)
    {
        long bytes = item.AdmittedBytes;
        item.AdmittedBytes = 0;
        item.Track = null;
        item.Drifted?.ReturnBuffers(); // the writer holds the rows: the clump arrays serve the next track
        item.Drifted = null;
        item.Readout = null;
        // Without a heap limit the collector keeps a big track's freed arrays for a while, and the next big track comes
        // on top (RSS 5.2 GB for 2.6 GB admitted, docs/benchmarks/memory.md). For a track that held a large share of the
        // budget, a full compacting collection returns them first; against a 10M-deposit track's seconds of work it is free.
        if (bytes > Budget.CapacityBytes / LargeShareOfBudget)
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        Budget.Release(bytes);
    }

    /// <summary>A track holding more than 1/8 of the budget is followed by a full collection when it leaves.</summary>
    private const int LargeShareOfBudget = 8;
}
