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

    /// <summary>Largest distance of a deposit from the origin along any axis, in metres (beyond it: not a position in a detector).</summary>
    public double MaxDepositDistanceM { get; init; } = double.PositiveInfinity;
}
