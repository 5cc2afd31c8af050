using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// The two arms of a V as its charge shows them: from the pair vertex, the main-cluster deposits between
/// <see cref="RenderOptions.PairArmChargeInnerMm"/> and <see cref="RenderOptions.PairArmChargeOuterMm"/> of it (each lepton's
/// first centimetre), split into two groups by direction, each arm the charge-weighted mean direction of its group.
/// <para>
/// Why: the reconstruction's fitted lepton directions (from the pixels) missed the charge by 20-60 deg on the sample's
/// pair pictures (known issue S6), so dashed arms drawn along them pointed where there was no charge, and a view set
/// face-on to their plane could see the real V obliquely. The picture draws what its charge shows; the fit's numbers stay
/// in the tables (<c>reco_*</c>). Reads only the deposits and the vertex found from the charge, never the truth.
/// </para>
/// </summary>
public static class ChargeArms
{
    /// <summary>Fewest deposits in the shell, and least charge fraction of the weaker arm, to call the split two arms.</summary>
    private const int MinDeposits = 8;
    private const double MinArmChargeFraction = 0.1;

    /// <summary>Assign-and-average rounds of the split (it settles in 2-4 on a V).</summary>
    private const int Rounds = 8;

    /// <summary>
    /// The two arm directions (unit vectors from <paramref name="vertexMm"/>), or null when the shell holds too little charge
    /// or the charge there leaves in one direction only (a track passing through a wrong vertex leaves in two opposite ones,
    /// and is returned as such: the picture shows what the vertex sits on).
    /// </summary>
    /// <param name="deposits">Raw deposits (m), in the order of <paramref name="roles"/>.</param>
    public static (Vec3 A, Vec3 B)? Of(Deposits deposits, ChargeRole[] roles, Vec3 vertexMm, double innerMm, double outerMm)
    {
        var x = deposits.X; var y = deposits.Y; var z = deposits.Z; var q = deposits.NumElectrons;
        double in2 = innerMm * innerMm, out2 = outerMm * outerMm;
        int n = 0;
        for (int i = 0; i < roles.Length; i++)
        {
            if (roles[i] != ChargeRole.Main || q[i] <= 0) continue;
            double dx = 1000 * x[i] - vertexMm.X, dy = 1000 * y[i] - vertexMm.Y, dz = 1000 * z[i] - vertexMm.Z;
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= in2 && r2 <= out2) n++;
        }
        if (n < MinDeposits) return null;

        // Unit directions from the vertex and their charges, pooled (a few thousand deposits at most in the shell).
        var u = ArrayPool<double>.Shared.Rent(3 * n);
        var w = ArrayPool<double>.Shared.Rent(n);
        try
        {
            int k = 0;
            for (int i = 0; i < roles.Length; i++)
            {
                if (roles[i] != ChargeRole.Main || q[i] <= 0) continue;
                double dx = 1000 * x[i] - vertexMm.X, dy = 1000 * y[i] - vertexMm.Y, dz = 1000 * z[i] - vertexMm.Z;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < in2 || r2 > out2) continue;
                double r = Math.Sqrt(r2);
                u[3 * k] = dx / r; u[3 * k + 1] = dy / r; u[3 * k + 2] = dz / r; w[k] = q[i];
                k++;
            }
            return Split(u.AsSpan(0, 3 * n), w.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(u);
            ArrayPool<double>.Shared.Return(w);
        }
    }

    private static Vec3 Dir(ReadOnlySpan<double> u, int i) => new(u[3 * i], u[3 * i + 1], u[3 * i + 2]);

    /// <summary>
    /// Two-means on the unit sphere, seeded without any fit: the charge's mean direction (the V's bisector) and the
    /// principal axis of the directions across it (the V's opening, in its plane); the seeds are the bisector tilted
    /// either way along that axis.
    /// </summary>
    private static (Vec3 A, Vec3 B)? Split(ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        int n = w.Length;
        if (SeedsFromSpread(u, w) is not var (a, b)) return null;
        for (int round = 0; round < Rounds; round++)
        {
            Vec3 sa = new(0, 0, 0), sb = new(0, 0, 0);
            double wa = 0, wb = 0;
            for (int i = 0; i < n; i++)
            {
                var d = Dir(u, i);
                if (d.Dot(a) >= d.Dot(b)) { sa += w[i] * d; wa += w[i]; }
                else { sb += w[i] * d; wb += w[i]; }
            }
            if (wa < MinArmChargeFraction * (wa + wb) || wb < MinArmChargeFraction * (wa + wb) || sa.Length == 0 || sb.Length == 0) return null;
            a = sa.Normalized(); b = sb.Normalized();
        }
        return (a, b);
    }

    /// <summary>The bisector tilted either way along the directions' principal spread across it; null when there is no spread.</summary>
    private static (Vec3 A, Vec3 B)? SeedsFromSpread(ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        int n = w.Length;
        var mean = new Vec3(0, 0, 0);
        for (int i = 0; i < n; i++) mean += w[i] * Dir(u, i);
        if (mean.Length == 0) return null;
        var m = mean.Normalized();
        // Weighted covariance of the components across the bisector.
        double cxx = 0, cxy = 0, cxz = 0, cyy = 0, cyz = 0, czz = 0;
        for (int i = 0; i < n; i++)
        {
            var d = Dir(u, i);
            var t = d - d.Dot(m) * m;
            cxx += w[i] * t.X * t.X; cxy += w[i] * t.X * t.Y; cxz += w[i] * t.X * t.Z;
            cyy += w[i] * t.Y * t.Y; cyz += w[i] * t.Y * t.Z; czz += w[i] * t.Z * t.Z;
        }
        // Power iteration from the axis least along the bisector.
        var e = Math.Abs(m.X) < 0.6 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        e = (e - e.Dot(m) * m).Normalized();
        for (int it = 0; it < 30; it++)
        {
            var next = new Vec3(cxx * e.X + cxy * e.Y + cxz * e.Z, cxy * e.X + cyy * e.Y + cyz * e.Z, cxz * e.X + cyz * e.Y + czz * e.Z);
            if (next.Length == 0) return null;   // every direction on the bisector: one arm
            e = next.Normalized();
        }
        return ((m + 0.5 * e).Normalized(), (m - 0.5 * e).Normalized());
    }
}
