using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// Charge-weighted principal component analysis of a set of voxels: eigenvalues of the 3x3 covariance,
/// largest first. Linearity (l1 - l2) / l1 is 1 for charge on a line and 0 for a round blob.
/// </summary>
public readonly record struct PrincipalAxes(double Lambda1, double Lambda2, double Lambda3, Vec3 Axis1)
{
    public double Linearity => Lambda1 > 0 ? (Lambda1 - Lambda2) / Lambda1 : 0;

    public static PrincipalAxes Of(VoxelGrid grid, IReadOnlyList<int> voxels)
    {
        double w = 0, mx = 0, my = 0, mz = 0;
        foreach (var v in voxels)
        {
            var p = grid.Centroid(v); double q = grid.Charge(v);
            w += q; mx += q * p.X; my += q * p.Y; mz += q * p.Z;
        }
        if (w <= 0) return default;
        mx /= w; my /= w; mz /= w;
        double xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
        foreach (var v in voxels)
        {
            var p = grid.Centroid(v); double q = grid.Charge(v) / w;
            double dx = p.X - mx, dy = p.Y - my, dz = p.Z - mz;
            xx += q * dx * dx; yy += q * dy * dy; zz += q * dz * dz;
            xy += q * dx * dy; xz += q * dx * dz; yz += q * dy * dz;
        }
        var (l1, l2, l3) = SymmetricEigenvalues(xx, yy, zz, xy, xz, yz);
        return new PrincipalAxes(l1, l2, l3, Eigenvector(xx, yy, zz, xy, xz, yz, l1));
    }

    /// <summary>The largest eigenvalue's axis of the symmetric second-moment matrix (xx, yy, zz, xy, xz, yz).</summary>
    public static Vec3 MajorAxis(double xx, double yy, double zz, double xy, double xz, double yz)
    {
        var (l1, _, _) = SymmetricEigenvalues(xx, yy, zz, xy, xz, yz);
        return Eigenvector(xx, yy, zz, xy, xz, yz, l1);
    }

    /// <summary>Eigenvalues of a symmetric 3x3 matrix, closed form (Smith 1961), sorted descending.</summary>
    private static (double, double, double) SymmetricEigenvalues(double a, double b, double c, double d, double e, double f)
    {
        double p1 = d * d + e * e + f * f;
        if (p1 < 1e-300)
        {
            var diag = new[] { a, b, c };
            Array.Sort(diag);
            return (diag[2], diag[1], diag[0]);
        }
        double q = (a + b + c) / 3;
        double p2 = (a - q) * (a - q) + (b - q) * (b - q) + (c - q) * (c - q) + 2 * p1;
        double p = Math.Sqrt(p2 / 6);
        double b11 = (a - q) / p, b22 = (b - q) / p, b33 = (c - q) / p, b12 = d / p, b13 = e / p, b23 = f / p;
        double detB = b11 * (b22 * b33 - b23 * b23) - b12 * (b12 * b33 - b23 * b13) + b13 * (b12 * b23 - b22 * b13);
        double r = Math.Clamp(detB / 2, -1, 1);
        double phi = Math.Acos(r) / 3;
        double e1 = q + 2 * p * Math.Cos(phi);
        double e3 = q + 2 * p * Math.Cos(phi + 2 * Math.PI / 3);
        double e2 = 3 * q - e1 - e3;
        return (e1, e2, e3);
    }

    private static Vec3 Eigenvector(double a, double b, double c, double d, double e, double f, double l)
    {
        // Cross products of rows of (M - l I); the largest one is the most accurate.
        var r0 = new Vec3(a - l, d, e); var r1 = new Vec3(d, b - l, f); var r2 = new Vec3(e, f, c - l);
        var c0 = r0.Cross(r1); var c1 = r0.Cross(r2); var c2 = r1.Cross(r2);
        var best = c0;
        if (c1.Length > best.Length) best = c1;
        if (c2.Length > best.Length) best = c2;
        return best.Length > 0 ? best.Normalized() : new Vec3(1, 0, 0);
    }
}
