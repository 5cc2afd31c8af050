using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The photon direction from the whole event's charge as seen from the vertex (the far field). Above ~20 MeV a pair is the
/// start of a small shower (X0 = 14 cm in LAr): the leptons' brems fly forward and convert centimetres to decimetres
/// ahead, and the leptons' own scattering, a random walk of zero mean, averages out over their length. So the
/// charge-weighted centroid of everything, seen from the vertex, points along the photon; the leptons' first mm (the
/// near fit) do not enter it with any lever arm, so its error is nearly independent of the near fit's.
/// Its uncertainty is the angular spread of the charge about that direction (charge-weighted, projected, each piece of
/// charge weighted by its distance as the centroid weights it), scaled by a factor measured on generated pairs
/// (the charge is far from independent samples, so the spread is not divided by a count).
/// One pass over the voxels, no allocation.
/// </summary>
public static class FarField
{
    /// <summary>Passes of the cone-trimmed centroid: around the seed, then around the first centroid.</summary>
    private const int Passes = 2;

    /// <summary>The far-field direction (unit), the projected angular spread of the charge about it (radians) and the charge counted.</summary>
    public readonly record struct Estimate(Vec3 Direction, double SpreadRad, double Charge);

    /// <summary>
    /// Direction from <paramref name="vertex"/> to the charge centroid of every voxel farther than <paramref name="minDistanceM"/>
    /// (all clusters: the converted brems are part of the photon's event), and the spread of the charge's directions about it.
    /// With a cone (<paramref name="coneHalfAngleRad"/> below pi and a <paramref name="seed"/> direction) only the charge within
    /// that angle of the current axis counts, in two passes (around the seed, then around the first centroid): the two
    /// annihilation photons and a wide-angle brem are outliers a centroid follows in proportion to their charge times their
    /// distance. Null without charge.
    /// </summary>
    public static Estimate? Centroid(VoxelGrid all, Vec3 vertex, double minDistanceM, Vec3 seed = default, double coneHalfAngleRad = Math.PI)
    {
        bool cone = coneHalfAngleRad < Math.PI && seed != Vec3.Zero;
        double minCos = cone ? Math.Cos(coneHalfAngleRad) : -2;
        var axis = cone ? seed.Normalized() : Vec3.Zero;
        for (int pass = 0; pass < (cone ? Passes : 1); pass++)
        {
            var sum = Vec3.Zero;
            for (int v = 0; v < all.Count; v++)
            {
                var d = all.Centroid(v) - vertex;
                double r = d.Length;
                if (r <= minDistanceM || (cone && d.Dot(axis) < minCos * r)) continue;
                sum += all.Charge(v) * d;
            }
            if (sum == Vec3.Zero) return null;
            axis = sum.Normalized();
        }
        // The centroid weights each voxel's direction by q |d|: the spread with the same weights, over the charge it counted
        // (charge behind the vertex has no defined angle to the axis and counts as 90 deg).
        double w = 0, theta2 = 0, q = 0;
        for (int v = 0; v < all.Count; v++)
        {
            var d = all.Centroid(v) - vertex;
            double r = d.Length;
            if (r <= minDistanceM || (cone && d.Dot(axis) < minCos * r)) continue;
            double along = d.Dot(axis), wv = all.Charge(v) * r;
            double lateral2 = Math.Max(0, r * r - along * along);
            double t2 = along > 0 ? Math.Min(lateral2 / (along * along), 1) : 1;
            w += wv; theta2 += wv * t2; q += all.Charge(v);
        }
        if (!(w > 0)) return null;
        // Two projections share the space angle's square.
        return new Estimate(axis, Math.Sqrt(0.5 * theta2 / w), q);
    }

    /// <summary>
    /// Combines two direction estimates by their variances (inverse-variance weights on the sphere, fine at the few-degree
    /// angles where it matters): the combined direction and its projected error.
    /// </summary>
    public static (Vec3 Direction, double SigmaRad) Combine(Vec3 a, double sigmaA, Vec3 b, double sigmaB)
    {
        double wa = 1 / (sigmaA * sigmaA), wb = 1 / (sigmaB * sigmaB);
        var direction = (wa * a.Normalized() + wb * b.Normalized()).Normalized();
        return (direction, 1 / Math.Sqrt(wa + wb));
    }
}
