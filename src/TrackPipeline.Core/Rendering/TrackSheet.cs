namespace TrackPipeline.Rendering;

/// <summary>
/// One track's picture: raw, drifted and readout views side by side over XY / XZ / YZ projections of the raw
/// deposits. Missing stages (drift and readout off) are drawn as empty panels that say so.
/// </summary>
public sealed class TrackSheet
{
    public required string Title { get; init; }
    /// <summary>Lines under the title (stages, key figures).</summary>
    public IReadOnlyList<string> Subtitles { get; init; } = [];
    public required TrackScene Raw { get; init; }
    public TrackScene? Drifted { get; init; }
    public TrackScene? Readout { get; init; }
    /// <summary>
    /// When set, the projections show this cube (centre and side in mm) instead of the whole track: a pair's V is
    /// a few cm across while the photon's deposits span tens of cm.
    /// </summary>
    public ProjectionZoom? Zoom { get; init; }
}

/// <summary>The cube the projections of a <see cref="TrackSheet"/> show, and what it is centred on.</summary>
public sealed record ProjectionZoom(Tracks.Vec3 CentreMm, double SideMm, string Label);
