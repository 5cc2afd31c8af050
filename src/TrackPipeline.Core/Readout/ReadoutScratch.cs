using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// The hash tables and per-voxel arrays a readout fills for one track and forgets: voxels (or wire samples) numbered
/// by key, their charge, the chips and their spans. Rented from <see cref="Pool"/> for one readout call and given
/// back at its end, so the sample's 180 MB of readout scratch per pass (docs/benchmarks/drift-readout.md) is allocated
/// once per worker. Nothing in it outlives the call: the samples a readout keeps are copied out.
/// </summary>
internal sealed class ReadoutScratch
{
    /// <summary>A scratch holding more than this after a very large track is not kept (64 MB: a 10^6-voxel track).</summary>
    private const long MaxRetainedBytes = 64L << 20;

    public static readonly ScratchPool<ReadoutScratch> Pool =
        new(() => new ReadoutScratch(), s => s.RetainedBytes, capacity: Math.Max(2, Environment.ProcessorCount), MaxRetainedBytes);

    public SparseVoxelIndex Voxels { get; } = new(1 << 10);
    public GrowableArray<double> VoxelCharges { get; } = new(1 << 10);
    public SparseVoxelIndex Chips { get; } = new(1 << 6);
    public GrowableArray<VoxelBox> ChipSpans { get; } = new(1 << 6);

    private long RetainedBytes => Voxels.RetainedBytes + VoxelCharges.RetainedBytes + Chips.RetainedBytes + ChipSpans.RetainedBytes;
}
