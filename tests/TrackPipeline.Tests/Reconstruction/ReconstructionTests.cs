using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The reconstruction on charge of known shape (straight segments, 100 e/mm, sampled every 0.2 mm), at the pixel scale
/// (0.5 mm voxels), with 1 keV per electron so that charges read as energies.
/// </summary>
public sealed class ReconstructionTests
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);

    private static TrackReconstruction Reconstruct(SyntheticCloud cloud, TopologySettings? topology = null)
    {
        topology ??= Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, null, topology);
        var stage = new ReconstructionStage(Shipped.Reconstruction, topology, keVPerElectron: 1.0);
        return stage.Reconstruct(cloud.Cloud(), VoxelM, VoxelM, shape.AtRecoVertex);
    }

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    private static Vec3 InXz(double angleDeg) => new(Math.Sin(angleDeg * Math.PI / 180), 0, Math.Cos(angleDeg * Math.PI / 180));

    [Fact]
    public void A_V_gives_its_vertex_opening_angle_energy_split_and_photon_direction()
    {
        // Lepton A: 30 mm at +20 deg; lepton B: 10 mm at -20 deg. A's brem converts 60 mm down its direction (2000 e);
        // a 511 keV-like blob behind the vertex must not be credited to either lepton.
        var cloud = new SyntheticCloud()
            .Prong(Vertex, 20, 30).Prong(Vertex, -20, 10)
            .Blob(Vertex + 0.060 * InXz(22), 2000)
            .Blob(Vertex + 0.080 * InXz(180), 1500);

        var pair = Reconstruct(cloud).Pair;

        Assert.NotNull(pair);
        Assert.InRange((pair!.Vertex - Vertex).Length * 1e3, 0, 1.5);
        Assert.InRange(pair.OpeningAngleDeg, 37, 43);
        Assert.InRange(AngleDeg(pair.A.Direction, InXz(20)), 0, 2);
        Assert.InRange(AngleDeg(pair.B.Direction, InXz(-20)), 0, 2);
        // The brem blob goes to A, the blob behind to nobody.
        Assert.Equal(2000, pair.A.BremEnergyKev, 6);
        Assert.Equal(0, pair.B.BremEnergyKev, 6);
        // E_A = 3000 + 2000 (+ half the charge inside the split sphere), E_B = 1000 (+ the other half).
        Assert.InRange(pair.A.EnergyKev, 5000, 5400);
        Assert.InRange(pair.B.EnergyKev, 1000, 1400);
        Assert.Equal(pair.B.EnergyKev / pair.A.EnergyKev, pair.EnergySplit, 12);
        // The photon: the energy-weighted sum of the two directions.
        var expected = (pair.A.EnergyKev * InXz(20) + pair.B.EnergyKev * InXz(-20)).Normalized();
        Assert.InRange(AngleDeg(pair.PhotonDirection, expected), 0, 1.5);
        Assert.True(pair.PhotonSigmaDeg > 0);
    }

    [Fact]
    public void The_prong_charge_alone_would_understate_the_harder_lepton()
    {
        var cloud = new SyntheticCloud().Prong(Vertex, 25, 20).Prong(Vertex, -25, 20).Blob(Vertex + 0.05 * InXz(25), 4000);

        var pair = Reconstruct(cloud).Pair!;

        // Equal prongs, but one lepton's brem carried 4000 e: the split is 2000 / 6000, not 1.
        Assert.InRange(pair.EnergySplit, 0.3, 0.37);
        Assert.InRange(pair.B.ProngEnergyKev / pair.A.ProngEnergyKev, 0.95, 1.05);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_electron_starts_at_its_sparse_end_whatever_the_order_of_its_points(bool reversed)
    {
        // 15 mm straight from the start, then a dense curl (the Bragg end): three short turns and a 3000 e clump.
        var direction = new Vec3(0.6, 0.0, 0.8);
        var end = Vertex + 0.015 * direction;
        var curl = new SyntheticCloud();
        if (!reversed) curl.Segment(Vertex, end);
        curl.Segment(end, end + new Vec3(0.001, 0.001, 0), 600)
            .Segment(end + new Vec3(0.001, 0.001, 0), end + new Vec3(0, 0.0015, 0.0005), 600)
            .Blob(end + new Vec3(0.0005, 0.001, 0.0002), 3000);
        if (reversed) curl.Segment(end, Vertex);

        var start = Reconstruct(curl).Start;

        Assert.NotNull(start);
        Assert.InRange((start!.Start - Vertex).Length * 1e3, 0, 0.5);
        Assert.InRange(AngleDeg(start.Direction, direction), 0, 2);
        Assert.True(start.EndDensityRatio > 2, $"end density ratio {start.EndDensityRatio}");
    }

    [Fact]
    public void A_single_track_gives_its_direction_as_the_photon_direction_without_a_pair()
    {
        var direction = new Vec3(0, 0.6, -0.8);
        var cloud = new SyntheticCloud().Segment(Vertex, Vertex + 0.02 * direction).Blob(Vertex + 0.02 * direction, 3000);

        var reco = Reconstruct(cloud);

        Assert.Null(reco.Pair);
        Assert.Equal("single_track", reco.PhotonMethod);
        Assert.InRange(AngleDeg(reco.PhotonDirection!.Value, direction), 0, 2);
    }

    [Fact]
    public void No_charge_gives_no_reconstruction()
    {
        var reco = new ReconstructionStage(Shipped.Reconstruction, Shipped.Topology, 1.0)
            .Reconstruct(new ChargeCloud([], [], [], []), VoxelM, VoxelM, null);
        Assert.Same(TrackReconstruction.None, reco);
        Assert.Equal("none", reco.PhotonMethod);
    }

    [Fact]
    public void The_fold_of_a_V_is_at_its_apex_with_the_opening_angle()
    {
        var cloud = new SyntheticCloud().Prong(Vertex, 15, 25).Prong(Vertex, -15, 25).Cloud();
        var grid = new VoxelGrid(cloud, VoxelM);
        var skeleton = new Skeleton(grid, Enumerable.Range(0, grid.Count).ToArray(), 0);

        var fold = TrackEnds.Fold(skeleton, 3e-3);

        Assert.NotNull(fold);
        Assert.InRange((skeleton.Nodes[fold!.Value.Node] - Vertex).Length * 1e3, 0, 1.0);
        // Arms are chords from a voxel centroid (0.5 mm voxels): a quarter voxel off the apex opens 30 deg by up to ~10.
        Assert.InRange(fold.Value.AngleDeg, 25, 42);
    }

    [Fact]
    public void A_straight_track_has_no_fold_below_the_V_limit()
    {
        var cloud = new SyntheticCloud().Segment(Vertex, Vertex + new Vec3(0.03, 0, 0)).Cloud();
        var grid = new VoxelGrid(cloud, VoxelM);
        var skeleton = new Skeleton(grid, Enumerable.Range(0, grid.Count).ToArray(), 0);

        var fold = TrackEnds.Fold(skeleton, 3e-3);

        Assert.NotNull(fold);
        Assert.True(fold!.Value.AngleDeg > Shipped.Topology.VertexFoldMaxAngleDeg, $"fold {fold.Value.AngleDeg} deg");
    }

    [Fact]
    public void Settings_problems_are_named()
    {
        var s = new ReconstructionSettings { Level = "wires", LeptonFitLengthMm = 0 };
        var problems = s.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Reconstruction:Level"));
        Assert.Contains(problems, p => p.Contains("Reconstruction:LeptonFitLengthMm"));
        Assert.Empty(Shipped.Reconstruction.Problems());
        Assert.Contains(new TopologySettings { VertexMethod = "guess" }.Problems(), p => p.Contains("Topology:VertexMethod"));
    }
}

/// <summary>The scattering formulas against their closed forms.</summary>
public sealed class ScatteringLimitTests
{
    private readonly ScatteringLimit _lar = new(radiationLengthCm: 14.0, highlandScaleMeV: 13.6);

    [Fact]
    public void Highland_over_one_radiation_length_is_13_6_MeV_over_beta_p()
    {
        double t = 10, p = Math.Sqrt(t * (t + 2 * 0.51099895)), beta = p / (t + 0.51099895);
        Assert.Equal(13.6 / (beta * p), _lar.HighlandRad(t, 14.0), 12);
        // sqrt(x) (1 + 0.038 ln x) at x = 0.01.
        Assert.Equal(13.6 / (beta * p) * 0.1 * (1 + 0.038 * Math.Log(0.01)), _lar.HighlandRad(t, 0.14), 12);
    }

    [Fact]
    public void Bernard_resolution_is_one_radian_at_p1_and_falls_as_p_to_the_minus_three_quarters()
    {
        double sigma = 0.05 / Math.Sqrt(12), l = 0.05;
        double p1 = 13.6 * Math.Pow(4 * sigma * sigma * l / Math.Pow(14.0, 3), 1.0 / 6);
        Assert.Equal(1.0, _lar.BernardSingleTrackRad(p1, sigma, l), 12);
        Assert.Equal(1.0 / 8, _lar.BernardSingleTrackRad(16 * p1, sigma, l), 12);
        // LAr, 0.5 mm pixels: p1 = 0.68 MeV/c (docs/reconstruction.md).
        Assert.InRange(p1, 0.67, 0.69);
    }
}
