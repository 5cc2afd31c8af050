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
    /// <summary>What the stages found in the charge (class, pair vertex and lepton directions, electron start): the event page draws it.</summary>
    public FramingEvidence Evidence { get; init; } = FramingEvidence.None;
    /// <summary>Axis unit of the framed panels.</summary>
    public LengthUnit Unit { get; init; } = LengthUnit.Millimetre;
    /// <summary>Side of the whole-event inset as a fraction of a 3D panel's width (0: none).</summary>
    public double OverviewFraction { get; init; }
    /// <summary>
    /// The drifted panel's own cube when none of its charge lies in <see cref="Frame"/> (a track smaller than the
    /// diffusion); null: the frame. <see cref="ReadoutFrame"/> likewise for pixels larger than the whole frame (R4).
    /// </summary>
    public PanelCube? DriftedFrame { get; init; }
    public PanelCube? ReadoutFrame { get; init; }
    /// <summary>How the drifted panel colours its charge per pixel (<see cref="DriftedLook"/>); default: each pixel by its own charge, all opaque.</summary>
    public DriftedLook DriftedLook { get; init; } = DriftedLook.Opaque;
    /// <summary>What the drifted panel says when it has no point: the drift did not run, or no charge reached the anode.</summary>
    public string DriftedEmpty { get; init; } = TrackSheets.DriftNotRun;
    /// <summary>What the readout panel says when it has no point: the readout did not run, or no pixel triggered.</summary>
    public string ReadoutEmpty { get; init; } = TrackSheets.ReadoutNotRun;
}

/// <summary>
/// How the drifted panel colours its charge per pixel: by the mean charge per pixel within <paramref name="CellMm"/>
/// around it (a local density; 0: the pixel's own), and pixels in the bottom <paramref name="Below"/> of the log scale
/// blended into the background, from <paramref name="Alpha"/> at its bottom up to fully drawn at <paramref name="Below"/>:
/// the diffusion halo's lone clumps stay visible but no longer as loud as the track (<see cref="RenderOptions.DriftedFaintBelow"/>).
/// </summary>
public readonly record struct DriftedLook(double CellMm, double Below, double Alpha)
{
    public static readonly DriftedLook Opaque = new(0, 0, 1);

    /// <summary>Opacity of a pixel at <paramref name="normalized"/> (0..1) on its scale.</summary>
    public float OpacityAt(float normalized) =>
        Below > 0 && normalized < Below ? (float)(Alpha + (1 - Alpha) * normalized / Below) : 1f;
}

/// <summary>A panel's own cube (centre and side, mm) and the unit of its axes.</summary>
public sealed record PanelCube(double Cx, double Cy, double Cz, double Side, LengthUnit Unit)
{
    /// <summary>
    /// The scene's own cube when nothing of it would show inside the frame cube (<paramref name="frame"/>): no point, and
    /// for readout voxels no voxel centre, inside it (the panels draw what lies inside: a 500 um pixel of a 50 um track
    /// has its centre outside the frame, and the panel was blank under "8 triggered"); null when the frame shows it.
    /// </summary>
    /// <param name="subPixel">The frame is smaller than one readout pixel: the pixels (and the diffusion, of the same
    /// scale) cannot be seen in it even when a few lie inside, so the panel gets its own cube anyway.</param>
    public static PanelCube? IfOutside(TrackScene? scene, PictureFrame frame, RenderOptions options, bool subPixel = false)
    {
        if (scene is null || scene.Count == 0) return null;
        if (subPixel) return Own(scene, options);
        // The renderer's own test (float, inclusive), so that "inside" here is "drawn" there.
        double h = frame.SideMm / 2;
        float x0 = (float)(frame.CentreMm.X - h), x1 = (float)(frame.CentreMm.X + h), y0 = (float)(frame.CentreMm.Y - h), y1 = (float)(frame.CentreMm.Y + h);
        float z0 = (float)(frame.CentreMm.Z - h), z1 = (float)(frame.CentreMm.Z + h);
        var x = scene.X; var y = scene.Y; var z = scene.Z;
        for (int i = 0; i < scene.Count; i++)
            if (x[i] >= x0 && x[i] <= x1 && y[i] >= y0 && y[i] <= y1 && z[i] >= z0 && z[i] <= z1) return null;
        return Own(scene, options);
    }

    private static PanelCube Own(TrackScene scene, RenderOptions options)
    {
        var (ox, oy, oz, side) = TrackRenderer.CubeOf(scene);
        return new PanelCube(ox, oy, oz, side, LengthUnit.For(new PictureFrame(new Tracks.Vec3(ox, oy, oz), side, "own"), options));
    }
}
