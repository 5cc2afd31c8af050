namespace TrackPipeline.Tracks;

/// <summary>A track as read from disk: where it came from, its deposits and, when its <c>.pickle</c> exists, its truth.</summary>
public sealed class Track
{
    private string? _randomKey;

    public Track(TrackSource source, Deposits deposits, TrackTruth? truth, double? binSizeM = null)
    {
        Source = source;
        Deposits = deposits;
        Truth = truth;
        BinSizeM = binSizeM;
    }

    public TrackSource Source { get; }
    public Deposits Deposits { get; }
    /// <summary>The simulation truth, or null when the track has no <c>.pickle</c> (real data has none).</summary>
    public TrackTruth? Truth { get; }
    /// <summary>Cubic bin size of a compressed (<c>.c.npz</c>) track, metres.</summary>
    public double? BinSizeM { get; }
    public string Name => Source.Name;

    /// <summary>
    /// What the track's random streams (drift, readout noise) are keyed on: a digest of its deposits, not its file
    /// name. Names carry the true particle and energy, and a renamed or re-laid-out copy of a track (real data, the
    /// blanked layout of issue 9) must give the same detector response and so the same scores.
    /// </summary>
    public string RandomKey => _randomKey ??= Deposits.ContentDigest();
}
