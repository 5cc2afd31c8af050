using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The apex of a pair is where two straight tracks start (issue 10 round 19b). At 10-20 MeV the cone score often ranks a
/// lepton's far end or a point along an arm above the apex (round 18b's census: the apex is a skeleton end in 55 of 56 misses
/// and loses on the score). Seen from the apex, the charge within a few mm is two rays leaving it, and one ray does not describe
/// it; seen from a lepton's far end, one ray (the lepton coming in) does; a point along an arm needs two rays back to back.
/// So among the ends scoring near the best, the vertex is the first (by score) where two rays fit and one does not, each ray
/// carrying a minimum-ionising track's charge; the best end stands when it has two arms itself or when no end has.
/// Only below a charge-estimated energy: above it the leptons part too far out for rays from the apex to see two arms.
/// Cost: one pass over the main cluster's voxels per end looked at (a few per track) and a few passes over the voxels within R.
/// </summary>
public static class VertexArms
{
    /// <summary>The electron mass, MeV (the pair's opening scale m_e c^2 / E).</summary>
    private const double ElectronMassMeV = 0.51099895;
    /// <summary>Passes of the two-ray fit (assign each voxel to its nearer ray, refit each ray): it settles in two or three.</summary>
    private const int Passes = 6;

    /// <summary>What one and two rays from a point make of the charge within R of it.</summary>
    /// <param name="OneResidual">Charge-weighted mean square distance to the one ray, m^2.</param>
    /// <param name="TwoResidual">The same to the nearer of two rays, m^2 (= <paramref name="OneResidual"/> when no second ray was fitted).</param>
    /// <param name="MipsA">Charge of the first ray over R, in minimum-ionising tracks.</param>
    /// <param name="MipsB">Charge of the second ray over R, in minimum-ionising tracks.</param>
    /// <param name="OpeningRad">Angle between the two rays.</param>
    public readonly record struct Fit(double OneResidual, double TwoResidual, Vec3 ArmA, Vec3 ArmB, double MipsA, double MipsB, double OpeningRad);

    /// <summary>Whether the rule is on for an event of this charge (its charge-estimated energy below <see cref="TopologySettings.VertexArmsMaxMeV"/>).</summary>
    public static bool Applies(double eventCharge, TopologySettings settings) =>
        settings.VertexArmsMaxMeV > 0 && EnergyMeV(eventCharge, settings) < settings.VertexArmsMaxMeV;

    /// <summary>The event's energy from its charge: charge / (electrons per mm of a MIP) x a MIP's dE/dx.</summary>
    public static double EnergyMeV(double eventCharge, TopologySettings settings) =>
        eventCharge / settings.VertexMipElectronsPerMm * settings.VertexArmsMipMeVPerMm;

    /// <summary>
    /// R, m: where leptons opening at the kinematic scale 4 m_e c^2 / E (each lepton ~ m_e / E_i, E_i ~ E / 2) have parted by
    /// <see cref="TopologySettings.VertexArmsSeparationMm"/>, bounded to [min, max] radius.
    /// </summary>
    public static double RadiusM(double energyMeV, TopologySettings settings)
    {
        double r = settings.VertexArmsSeparationMm * energyMeV / (4 * ElectronMassMeV);
        return Math.Clamp(r, settings.VertexArmsMinRadiusMm, settings.VertexArmsMaxRadiusMm) * 1e-3;
    }

    /// <summary>Two arms at this point: two rays halve what one leaves, each carries a MIP-like charge over R, and they open neither too little nor back to back.</summary>
    public static bool IsTwoArms(in Fit fit, double radiusM, TopologySettings settings)
    {
        if (!(fit.OneResidual > 0) || !(fit.TwoResidual <= settings.VertexArmsMaxResidualRatio * fit.OneResidual)) return false;
        if (fit.MipsA < settings.VertexArmsMinArmMips || fit.MipsB < settings.VertexArmsMinArmMips) return false;
        double minOpening = settings.VertexArmsSeparationMm * 1e-3 / radiusM;
        return fit.OpeningRad > minOpening && fit.OpeningRad < settings.VertexArmsMaxOpeningDeg * Math.PI / 180;
    }

    /// <summary>One and two rays from <paramref name="vertex"/> fitted to the voxels of <paramref name="grid"/> within <paramref name="radiusM"/> of it.</summary>
    public static Fit Measure(VoxelGrid grid, Vec3 vertex, double radiusM, double mipElectronsPerM)
    {
        var offset = ArrayPool<Vec3>.Shared.Rent(Math.Max(1, grid.Count));
        var weight = ArrayPool<double>.Shared.Rent(Math.Max(1, grid.Count));
        var onB = ArrayPool<bool>.Shared.Rent(Math.Max(1, grid.Count));
        try
        {
            int n = 0;
            double r2 = radiusM * radiusM;
            for (int v = 0; v < grid.Count; v++)
            {
                var d = grid.Centroid(v) - vertex;
                if (d.Dot(d) > r2) continue;
                offset[n] = d; weight[n] = grid.Charge(v); n++;
            }
            var points = offset.AsSpan(0, n);
            var w = weight.AsSpan(0, n);
            var side = onB.AsSpan(0, n);
            side.Clear();
            var a = Axis(points, w, side, false);
            double one = Residual(points, w, a, a, side);
            double total = 0;
            foreach (double q in w) total += q;
            var none = new Fit(one, one, a, a, total / radiusM / mipElectronsPerM, 0, 0);
            if (n < 3 || !(one > 0)) return none;
            // The second ray starts toward the charge the one ray leaves worst described.
            var toward = Vec3.Zero;
            for (int i = 0; i < n; i++)
                if (RayDistance2(points[i], a) > one) toward += w[i] * points[i];
            if (toward == Vec3.Zero) return none;
            var b = toward.Normalized();
            for (int pass = 0; pass < Passes; pass++)
            {
                int onSecond = 0;
                for (int i = 0; i < n; i++)
                {
                    side[i] = RayDistance2(points[i], b) < RayDistance2(points[i], a);
                    if (side[i]) onSecond++;
                }
                if (onSecond == 0 || onSecond == n) return none;
                a = Axis(points, w, side, false);
                b = Axis(points, w, side, true);
            }
            for (int i = 0; i < n; i++) side[i] = RayDistance2(points[i], b) < RayDistance2(points[i], a);
            double two = Residual(points, w, a, b, side);
            double qa = 0, qb = 0;
            for (int i = 0; i < n; i++) if (side[i]) qb += w[i]; else qa += w[i];
            double opening = Math.Acos(Math.Clamp(a.Dot(b), -1, 1));
            return new Fit(one, two, a, b, qa / radiusM / mipElectronsPerM, qb / radiusM / mipElectronsPerM, opening);
        }
        finally
        {
            ArrayPool<Vec3>.Shared.Return(offset);
            ArrayPool<double>.Shared.Return(weight);
            ArrayPool<bool>.Shared.Return(onB);
        }
    }

    /// <summary>
    /// Among <paramref name="ranked"/> (best score first) within the score margin, the end chosen by the two-arm rule, with its
    /// rearmost charge and its prong split there; null when <paramref name="ranked"/> is empty.
    /// </summary>
    public static (PairVertex.Candidate End, Vec3 Vertex, ProngSplit Split)? Choose(IReadOnlyList<PairVertex.Candidate> ranked, VoxelAdjacency cluster,
        double eventCharge, TopologySettings settings)
    {
        if (ranked.Count == 0) return null;
        var grid = cluster.Grid;
        var bestVertex = Rearmost(grid, ranked[0], settings);
        if (Applies(eventCharge, settings))
        {
            double radius = RadiusM(EnergyMeV(eventCharge, settings), settings);
            double mip = settings.VertexMipElectronsPerMm * 1e3;
            double floor = ranked[0].Score - settings.VertexArmsScoreMargin;
            for (int i = 0; i < ranked.Count && i < settings.VertexArmsCandidates && ranked[i].Score >= floor; i++)
            {
                var vertex = i == 0 ? bestVertex : Rearmost(grid, ranked[i], settings);
                if (!IsTwoArms(Measure(grid, vertex, radius, mip), radius, settings)) continue;
                // The first end with two arms: the best one itself, or one the score ranked below a lone track's end.
                return (ranked[i], vertex, ProngSplit.Find(cluster, vertex, settings));
            }
        }
        return (ranked[0], bestVertex, ProngSplit.Find(cluster, bestVertex, settings));
    }

    private static Vec3 Rearmost(VoxelGrid grid, PairVertex.Candidate c, TopologySettings settings) =>
        PairVertex.Rearmost(grid, c.Position, c.Direction, settings.VertexRearReachMm * 1e-3, settings.VertexRearWidthMm * 1e-3);

    /// <summary>Square distance from a point (offset from the ray's start) to the ray: to its line ahead, to its start behind.</summary>
    private static double RayDistance2(Vec3 d, Vec3 u)
    {
        double along = d.Dot(u);
        double all = d.Dot(d);
        return along > 0 ? Math.Max(0, all - along * along) : all;
    }

    /// <summary>The principal axis about the start of the voxels on one side, pointed into their charge.</summary>
    private static Vec3 Axis(ReadOnlySpan<Vec3> points, ReadOnlySpan<double> w, ReadOnlySpan<bool> side, bool second)
    {
        double xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
        var sum = Vec3.Zero;
        for (int i = 0; i < points.Length; i++)
        {
            if (side[i] != second) continue;
            var d = points[i];
            double q = w[i];
            sum += q * d;
            xx += q * d.X * d.X; yy += q * d.Y * d.Y; zz += q * d.Z * d.Z;
            xy += q * d.X * d.Y; xz += q * d.X * d.Z; yz += q * d.Y * d.Z;
        }
        var axis = PrincipalAxes.MajorAxis(xx, yy, zz, xy, xz, yz);
        return axis.Dot(sum) >= 0 ? axis : -1 * axis;
    }

    /// <summary>Charge-weighted mean square distance of the voxels to their ray (<paramref name="a"/> or, where <paramref name="side"/> is set, <paramref name="b"/>).</summary>
    private static double Residual(ReadOnlySpan<Vec3> points, ReadOnlySpan<double> w, Vec3 a, Vec3 b, ReadOnlySpan<bool> side)
    {
        double sum = 0, total = 0;
        for (int i = 0; i < points.Length; i++)
        {
            sum += w[i] * RayDistance2(points[i], side[i] ? b : a);
            total += w[i];
        }
        return total > 0 ? sum / total : 0;
    }
}
