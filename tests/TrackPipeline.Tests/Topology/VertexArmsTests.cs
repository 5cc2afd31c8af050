using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// Two straight arms (<see cref="VertexArms"/>, issue 10 round 19b): among ends scoring near the best, the one where two
/// straight tracks start. Generated shapes with known truth on 0.5 mm voxels, at a minimum-ionising track's charge per mm:
/// a 10 MeV-like V whose far end is handed in as the best-scoring end and its apex as the runner-up; one straight track
/// (its end and a point along it); the energy gate.
/// </summary>
public sealed class VertexArmsTests
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Apex = new(0.004, -0.007, 0.011);

    private static TopologySettings Settings(double maxMeV = 30)
    {
        var s = Shipped.Topology;
        s.VertexArmsMaxMeV = maxMeV;
        return s;
    }

    private static double Mip => Shipped.Topology.VertexMipElectronsPerMm;

    private static VoxelAdjacency Cluster(SyntheticCloud cloud)
    {
        var c = cloud.Cloud();
        return new VoxelAdjacency(new VoxelGrid(c, VoxelM, new int[c.Count]));
    }

    private static Vec3 At(double angleDeg, double lengthMm)
    {
        double a = angleDeg * Math.PI / 180;
        return Apex + (lengthMm * 1e-3) * new Vec3(Math.Sin(a), 0, Math.Cos(a));
    }

    /// <summary>A V of two MIP tracks, 30 mm at +10 deg and 12 mm at -30 deg (the event's charge reads ~9 MeV).</summary>
    private static (VoxelAdjacency Cluster, double Charge) V()
    {
        var cluster = Cluster(new SyntheticCloud().Prong(Apex, 10, 30, Mip).Prong(Apex, -30, 12, Mip));
        return (cluster, cluster.Grid.TotalCharge());
    }

    [Fact]
    public void At_the_apex_of_a_V_two_rays_fit_and_one_does_not_and_at_a_far_end_one_does()
    {
        var (cluster, charge) = V();
        var s = Settings();
        double energy = VertexArms.EnergyMeV(charge, s);
        Assert.InRange(energy, 8, 10);
        double r = VertexArms.RadiusM(energy, s);
        var apex = VertexArms.Measure(cluster.Grid, Apex, r, Mip * 1e3);
        Assert.True(VertexArms.IsTwoArms(apex, r, s), $"apex: residual {apex.TwoResidual / apex.OneResidual:F3} of one ray, arms {apex.MipsA:F2} / {apex.MipsB:F2} MIPs, opening {apex.OpeningRad * 180 / Math.PI:F1} deg");
        Assert.InRange(apex.OpeningRad * 180 / Math.PI, 30, 50);

        var far = VertexArms.Measure(cluster.Grid, At(10, 30), r, Mip * 1e3);
        Assert.False(VertexArms.IsTwoArms(far, r, s), $"far end: residual {far.TwoResidual / far.OneResidual:F3}, arms {far.MipsA:F2} / {far.MipsB:F2}, opening {far.OpeningRad * 180 / Math.PI:F1} deg");
    }

    [Fact]
    public void A_point_along_one_straight_track_is_not_two_arms()
    {
        var cluster = Cluster(new SyntheticCloud().Segment(At(0, 0), At(0, 30), Mip));
        var s = Settings();
        double r = VertexArms.RadiusM(10, s);
        // Mid-track two rays leave back to back: one track through the point, not a V.
        var mid = VertexArms.Measure(cluster.Grid, At(0, 15), r, Mip * 1e3);
        Assert.True(mid.OpeningRad > 150 * Math.PI / 180, $"opening {mid.OpeningRad * 180 / Math.PI:F1} deg");
        Assert.False(VertexArms.IsTwoArms(mid, r, s));
    }

    [Fact]
    public void On_a_V_the_apex_wins_over_a_far_end_that_scores_higher_within_the_margin_below_the_energy_only()
    {
        var (cluster, charge) = V();
        var farEnd = At(10, 30);
        var ranked = new List<PairVertex.Candidate>
        {
            new(0, farEnd, (Apex - farEnd).Normalized(), 1.0, 0, 1.0),
            new(1, Apex, new Vec3(0, 0, 1), 0.9, 0, 0.9),
        };

        var chosen = VertexArms.Choose(ranked, cluster, charge, Settings());
        Assert.True((chosen!.Value.Vertex - Apex).Length < 1e-3, $"vertex {(chosen.Value.Vertex - Apex).Length * 1e3:F2} mm from the apex");

        // Off, or an event whose charge reads above the gate, or the apex outside the margin: the best-scoring end stands.
        foreach (var s in new[] { Settings(0), Settings(5), Margin(Settings(), 0.05) })
        {
            var best = VertexArms.Choose(ranked, cluster, charge, s);
            Assert.True((best!.Value.Vertex - farEnd).Length < 1e-3, $"vertex {(best.Value.Vertex - farEnd).Length * 1e3:F2} mm from the far end");
        }
        Assert.Null(VertexArms.Choose([], cluster, charge, Settings()));
    }

    [Fact]
    public void On_one_straight_track_the_best_end_stands()
    {
        var a = At(0, 0);
        var b = At(0, 25);
        var cluster = Cluster(new SyntheticCloud().Segment(a, b, Mip));
        var ranked = new List<PairVertex.Candidate>
        {
            new(0, b, (a - b).Normalized(), 1.0, 0, 1.0),
            new(1, a, (b - a).Normalized(), 0.95, 0, 0.95),
        };
        var chosen = VertexArms.Choose(ranked, cluster, cluster.Grid.TotalCharge(), Settings());
        Assert.True((chosen!.Value.Vertex - b).Length < 1e-3);
    }

    [Fact]
    public void Off_as_shipped_and_the_settings_problems_are_named()
    {
        Assert.Equal(0, Shipped.Topology.VertexArmsMaxMeV);
        Assert.Empty(Settings().Problems());
        var s = Settings(double.NaN);
        Assert.Contains(s.Problems(), p => p.Contains("Topology:VertexArmsMaxMeV"));
        s = Settings();
        s.VertexArmsCandidates = 0;
        s.VertexArmsMaxResidualRatio = 0;
        s.VertexArmsMinRadiusMm = 20;
        var problems = s.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Topology:VertexArmsCandidates"));
        Assert.Contains(problems, p => p.Contains("Topology:VertexArmsMaxResidualRatio"));
        Assert.Contains(problems, p => p.Contains("Topology:VertexArmsMinRadiusMm"));
    }

    private static TopologySettings Margin(TopologySettings s, double margin)
    {
        s.VertexArmsScoreMargin = margin;
        return s;
    }
}
