using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// How wide the main track is across its first centimetres from the start: the charge-weighted RMS distance of the charge
/// from its own local centre, perpendicular to the path, in a sphere around each path node. One electron is as wide as
/// the pixel and the drift's diffusion make it, and stays so (its multiple scattering bends the path, which the local
/// axis and centre follow). A pair whose leptons have not yet parted on the pixels is two tracks side by side whose
/// separation grows from the vertex (opening ~ m_e c^2 / E plus scattering), so the stem widens with the distance from
/// the start: the width far from the start over the width near it is ~1 for an electron, above 1 for an unresolved pair,
/// whatever the drift depth (the diffusion adds the same width to both windows).
/// </summary>
public static class StemWidth
{
    /// <summary>
    /// Mean transverse RMS width (m) over the path nodes between <paramref name="fromM"/> and <paramref name="toM"/> of arc
    /// length from path node <paramref name="first"/>, walking by <paramref name="step"/> (+1 or -1); NaN when the window holds no node.
    /// </summary>
    public static double Along(VoxelGrid grid, Vec3[] nodes, IReadOnlyList<int> path, int first, int step, double radiusM, double fromM, double toM)
    {
        double arc = 0, sum = 0;
        int count = 0;
        var previous = nodes[path[first]];
        for (int k = first + step; k >= 0 && k < path.Count; k += step)
        {
            var node = nodes[path[k]];
            arc += (node - previous).Length;
            previous = node;
            if (arc < fromM) continue;
            if (arc > toM) break;
            double width = Transverse(grid, node, radiusM);
            if (double.IsNaN(width)) continue;
            sum += width;
            count++;
        }
        return count > 0 ? sum / count : double.NaN;
    }

    /// <summary>
    /// Charge-weighted RMS distance of the charge within <paramref name="radiusM"/> of <paramref name="centre"/> from its own
    /// principal axis (m): the square root of the covariance's trace less its largest eigenvalue. The sphere's own charge gives
    /// the axis, so a path that zigzags between pixel columns does not tilt it; NaN without charge.
    /// </summary>
    public static double Transverse(VoxelGrid grid, Vec3 centre, double radiusM)
    {
        double inv = 1 / grid.VoxelSizeM;
        int reach = (int)Math.Ceiling(radiusM * inv) + 1;
        int ci = (int)Math.Floor(centre.X * inv), cj = (int)Math.Floor(centre.Y * inv), ck = (int)Math.Floor(centre.Z * inv);
        double r2 = radiusM * radiusM, w = 0, sx = 0, sy = 0, sz = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
        for (int i = ci - reach; i <= ci + reach; i++)
            for (int j = cj - reach; j <= cj + reach; j++)
                for (int k = ck - reach; k <= ck + reach; k++)
                {
                    int v = grid.Find(i, j, k);
                    if (v < 0) continue;
                    var d = grid.Centroid(v) - centre;
                    if (d.Dot(d) > r2) continue;
                    double q = grid.Charge(v);
                    w += q; sx += q * d.X; sy += q * d.Y; sz += q * d.Z;
                    xx += q * d.X * d.X; yy += q * d.Y * d.Y; zz += q * d.Z * d.Z; xy += q * d.X * d.Y; xz += q * d.X * d.Z; yz += q * d.Y * d.Z;
                }
        if (!(w > 0)) return double.NaN;
        double mx = sx / w, my = sy / w, mz = sz / w;
        xx = xx / w - mx * mx; yy = yy / w - my * my; zz = zz / w - mz * mz;
        xy = xy / w - mx * my; xz = xz / w - mx * mz; yz = yz / w - my * mz;
        var a = PrincipalAxes.MajorAxis(xx, yy, zz, xy, xz, yz);
        double along = a.X * (xx * a.X + xy * a.Y + xz * a.Z) + a.Y * (xy * a.X + yy * a.Y + yz * a.Z) + a.Z * (xz * a.X + yz * a.Y + zz * a.Z);
        return Math.Sqrt(Math.Max(0, xx + yy + zz - along));
    }
}
