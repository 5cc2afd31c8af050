namespace TrackPipeline.Rendering;

/// <summary>
/// One track's picture: raw, drifted and readout views side by side over XY / XZ / YZ projections of the raw
/// deposits, all framed on <see cref="Frame"/> (with an overview of the whole event). Missing stages (drift and
/// readout off) are drawn as empty panels that say so.
/// </summary>
public sealed class TrackSheet
{
    public required string Title { get; init; }
    /// <summary>Lines under the title (stages, key figures).</summary>
    public IReadOnlyList<string> Subtitles { get; init; } = [];
    public required TrackScene Raw { get; init; }
    public TrackScene? Drifted { get; init; }
    public TrackScene? Readout { get; init; }
    /// <summary>What the panels show: the main cluster or the V (null: the whole event).</summary>
    public PictureFrame? Frame { get; init; }
    /// <summary>Axis unit of the framed panels.</summary>
    public LengthUnit Unit { get; init; } = LengthUnit.Millimetre;
    /// <summary>Side of the whole-event inset as a fraction of a 3D panel's width (0: none).</summary>
    public double OverviewFraction { get; init; }
}
