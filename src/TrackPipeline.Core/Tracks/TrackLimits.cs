namespace TrackPipeline.Tracks;

/// <summary>
/// How much of an input the reader accepts before reading it. Bounds memory per track, so that one strange file
/// (a deflate bomb, a huge pickle) is an error row instead of an OutOfMemoryException that ends the run.
/// </summary>
public sealed record TrackLimits
{
    /// <summary>No limits (tools and tests that read files they made).</summary>
    public static TrackLimits None { get; } = new();

    /// <summary>Largest total of array bytes a track's <c>.npz</c> may declare (checked before inflating).</summary>
    public long MaxDeclaredNpzBytes { get; init; } = long.MaxValue;

    /// <summary>Largest truth <c>.pickle</c> read, in bytes (the sample's are about 3 kB).</summary>
    public long MaxPickleBytes { get; init; } = long.MaxValue;

    /// <summary>
    /// Most bytes parsing any truth <c>.pickle</c> may allocate: the pickle is parsed after the track was admitted, outside
    /// what the budget reserved for it, so it may take no more than one track's arrays may declare.
    /// </summary>
    public long MaxPickleAllocatedBytes { get; init; } = long.MaxValue;

    /// <summary>
    /// Bytes parsing may allocate per byte of the pickle, and the allowance every pickle has. A truth pickle is NumPy
    /// arrays in a dict: each array's bytes are read once and copied once into a typed array (Fortran order: once more),
    /// so 3 per byte at most; the sample's 3-9 kB pickles allocate under 64 kB each (PickleSafetyTests). A pickle of small
    /// objects allocates 20-80 per byte (a crafted 16 MB list of empty dicts: 1.4 GB resident before this bound).
    /// </summary>
    public const int PickleAllocatedBytesPerByte = 8;

    /// <inheritdoc cref="PickleAllocatedBytesPerByte"/>
    public const long PickleAllocatedBytesAllowance = 1 << 20;

    /// <summary>Bytes parsing a pickle of <paramref name="pickleBytes"/> may allocate (unlimited without <see cref="MaxPickleAllocatedBytes"/>).</summary>
    public long PickleAllocationLimit(long pickleBytes) =>
        MaxPickleAllocatedBytes == long.MaxValue ? long.MaxValue
        : Math.Min(MaxPickleAllocatedBytes, PickleAllocatedBytesAllowance + PickleAllocatedBytesPerByte * Math.Min(pickleBytes, long.MaxValue / 16));

    /// <summary>Largest distance of a deposit from the origin along any axis, in metres (beyond it: not a position in a detector).</summary>
    public double MaxDepositDistanceM { get; init; } = double.PositiveInfinity;

    /// <summary>
    /// Most electrons a track's deposits may hold in all (<c>Run:MaxTrackEnergyMeV</c> over the medium's energy per
    /// electron): the drift's and readout's memory grows with the electrons, so one file claiming billions must be refused.
    /// </summary>
    public long MaxTrackElectrons { get; init; } = long.MaxValue;
}
