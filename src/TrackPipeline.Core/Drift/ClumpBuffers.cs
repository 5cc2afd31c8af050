namespace TrackPipeline.Drift;

/// <summary>
/// The struct-of-arrays a track's drifted clumps live in (x, y, z, electrons), reused from track to track: the drift
/// rents a set big enough for the track's sub-clumps, the pipeline gives it back when the writer holds the track's rows
/// (<see cref="DriftedCharge.ReturnBuffers"/>). Without it the sample's drift allocated 175 MB of large-object arrays per
/// pass (28 bytes a clump), each one zeroed by the kernel and left for a gen2 collection. A set that is never returned
/// (a caller outside the pipeline) is simply collected.
/// <para>At most <see cref="MaxKept"/> sets are kept, none above <see cref="MaxKeptBytes"/>, so a very large track's
/// arrays go back to the collector and the pool holds a few ordinary tracks' worth at most.</para>
/// </summary>
public sealed class ClumpBuffers
{
    /// <summary>Sets kept for reuse: the tracks drifted at once (one per worker) and the few waiting for the writer.</summary>
    private static readonly int MaxKept = 2 * Math.Max(2, Environment.ProcessorCount);
    /// <summary>A set above this (a 2-million-clump track) is not kept.</summary>
    private const long MaxKeptBytes = 64L << 20;

    private static readonly ClumpBuffers?[] Kept = new ClumpBuffers?[MaxKept];

    private ClumpBuffers(int capacity)
    {
        X = GC.AllocateUninitializedArray<double>(capacity);
        Y = GC.AllocateUninitializedArray<double>(capacity);
        Z = GC.AllocateUninitializedArray<double>(capacity);
        Electrons = GC.AllocateUninitializedArray<int>(capacity);
    }

    public double[] X { get; }
    public double[] Y { get; }
    public double[] Z { get; }
    public int[] Electrons { get; }
    public int Capacity => X.Length;
    private long Bytes => 28L * Capacity;

    /// <summary>A set holding at least <paramref name="capacity"/> clumps: the smallest kept one that fits, or a new one.</summary>
    public static ClumpBuffers Rent(int capacity)
    {
        lock (Kept)
        {
            int best = -1;
            for (int i = 0; i < Kept.Length; i++)
                if (Kept[i] is { } set && set.Capacity >= capacity && (best < 0 || set.Capacity < Kept[best]!.Capacity)) best = i;
            if (best >= 0)
            {
                var set = Kept[best]!;
                Kept[best] = null;
                return set;
            }
        }
        // An eighth more than asked, so a slightly larger track next time still fits.
        return new ClumpBuffers((int)Math.Min(Array.MaxLength, capacity + (long)capacity / 8));
    }

    /// <summary>Keeps <paramref name="set"/> for a later track (replacing the smallest kept one when all places are taken).</summary>
    public static void Return(ClumpBuffers set)
    {
        if (set.Bytes > MaxKeptBytes) return;
        lock (Kept)
        {
            int smallest = 0;
            for (int i = 0; i < Kept.Length; i++)
            {
                if (Kept[i] is null) { Kept[i] = set; return; }
                if (Kept[i]!.Capacity < Kept[smallest]!.Capacity) smallest = i;
            }
            if (Kept[smallest]!.Capacity < set.Capacity) Kept[smallest] = set;
        }
    }
}
