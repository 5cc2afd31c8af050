using TrackPipeline.Tracks;

namespace TrackPipeline.Drift;

/// <summary>
/// The reference's "simple cell" around one track: a rectangular cell, symmetric about x = y = 0 in x and y,
/// whose top (+z) face is the anode.
/// </summary>
/// <param name="WidthXM">Full cell width in x (the readout grids are laid out symmetric about x = 0 across it).</param>
/// <param name="WidthYM">Full cell width in y.</param>
/// <param name="HeightM">Cell height in z.</param>
/// <param name="ZAnodeM">z of the anode plane.</param>
public sealed record SimpleCell(double WidthXM, double WidthYM, double HeightM, double ZAnodeM);

/// <summary>
/// Places the anode as the reference does (<c>tracks_tools.Tracks.__init__</c> + <c>sims_tools.get_simple_cell_params</c>):
/// the track's bounding box, padded by the readout's coarse pitch on every side, then by 10 % of the largest
/// span of that box on every side; the cell is symmetric about the z axis; the anode is its top face.
/// </summary>
public static class AnodePlacement
{
    /// <summary>Padding of the cell beyond the coarse pitch, as a fraction of the largest span (reference: 10 %).</summary>
    public const double CellBufferFraction = 0.1;

    public static SimpleCell SimpleCell(Vec3 min, Vec3 max, double coarsePitchM)
    {
        double x0 = min.X - coarsePitchM, x1 = max.X + coarsePitchM;
        double y0 = min.Y - coarsePitchM, y1 = max.Y + coarsePitchM;
        double z0 = min.Z - coarsePitchM, z1 = max.Z + coarsePitchM;
        double buffer = CellBufferFraction * Math.Max(x1 - x0, Math.Max(y1 - y0, z1 - z0));
        x0 -= buffer; x1 += buffer;
        y0 -= buffer; y1 += buffer;
        z0 -= buffer; z1 += buffer;
        double height = z1 - z0;
        double zCentre = 0.5 * (z0 + z1);
        return new SimpleCell(
            WidthXM: 2 * Math.Max(Math.Abs(x0), Math.Abs(x1)),
            WidthYM: 2 * Math.Max(Math.Abs(y0), Math.Abs(y1)),
            HeightM: height,
            ZAnodeM: zCentre + height / 2);
    }
}
