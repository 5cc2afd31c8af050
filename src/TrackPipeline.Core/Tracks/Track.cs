namespace TrackPipeline.Tracks;

/// <summary>A track as read from disk: where it came from, its deposits and its truth.</summary>
public sealed class Track
{
    public Track(TrackSource source, Deposits deposits, TrackTruth truth, double? binSizeM = null)
    {
        Source = source;
        Deposits = deposits;
        Truth = truth;
        BinSizeM = binSizeM;
    }

    public TrackSource Source { get; }
    public Deposits Deposits { get; }
    public TrackTruth Truth { get; }
    /// <summary>Cubic bin size of a compressed (<c>.c.npz</c>) track, metres.</summary>
    public double? BinSizeM { get; }
    public string Name => Source.Name;
}
