using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>Unit-vector helpers: isotropic directions and deflections by a polar angle and an azimuth.</summary>
public static class Direction
{
    public static Vec3 Isotropic(TrackRandom rng)
    {
        double cost = 2 * rng.NextDouble() - 1;
        double sint = Math.Sqrt(Math.Max(0, 1 - cost * cost));
        double phi = 2 * Math.PI * rng.NextDouble();
        var (sp, cp) = Math.SinCos(phi);
        return new Vec3(sint * cp, sint * sp, cost);
    }

    /// <summary>
    /// The direction at polar angle acos(<paramref name="cosTheta"/>) and azimuth <paramref name="phi"/> from
    /// <paramref name="d"/> (the rotation PENELOPE's DIRECT and Geant4's RotateUz perform).
    /// </summary>
    public static Vec3 Deflect(Vec3 d, double cosTheta, double phi)
    {
        cosTheta = Math.Clamp(cosTheta, -1.0, 1.0);
        double sinTheta = Math.Sqrt(1 - cosTheta * cosTheta);
        // One sincos call, bit-identical to sin and cos in glibc (checked on 2e8 angles, docs/benchmarks/generator.md round 15).
        var (sp, cp) = Math.SinCos(phi);
        double px = sinTheta * cp, py = sinTheta * sp, pz = cosTheta;
        double u = d.X, v = d.Y, w = d.Z;
        double up = u * u + v * v;
        if (up < 1e-20)
            return w >= 0 ? new Vec3(px, py, pz) : new Vec3(-px, py, -pz);
        up = Math.Sqrt(up);
        var r = new Vec3(
            (u * w * px - v * py) / up + u * pz,
            (v * w * px + u * py) / up + v * pz,
            -up * px + w * pz);
        return r.Normalized();
    }
}
