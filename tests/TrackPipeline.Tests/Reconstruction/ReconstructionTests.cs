using TrackPipeline.Pipeline;
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

    private static TrackReconstruction Reconstruct(SyntheticCloud cloud, TopologySettings? topology = null, ReconstructionSettings? settings = null)
    {
        topology ??= Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, null, topology);
        var stage = new ReconstructionStage(settings ?? Shipped.Reconstruction, topology, keVPerElectron: 1.0);
        return stage.Reconstruct(cloud.Cloud(), VoxelM, VoxelM, shape.AtPairVertex);
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
        // With per-lepton fits (PhotonFit = leptons) each lepton is refitted from the vertex with the scattering
        // covariance, still along its prong, and their energy-weighted sum is the track's photon direction.
        var leptons = Shipped.Reconstruction;
        leptons.PhotonFit = "leptons";
        var reco = Reconstruct(cloud, settings: leptons);
        Assert.Equal("pair", reco.PhotonMethod);
        Assert.InRange(reco.Pair!.OpeningAngleDeg, 37, 43);
        Assert.InRange(AngleDeg(reco.Pair.A.Direction, InXz(20)), 0, 2);
        Assert.InRange(AngleDeg(reco.Pair.B.Direction, InXz(-20)), 0, 2);
        Assert.Equal(reco.Pair.PhotonDirection, reco.PhotonDirection);
        Assert.InRange(AngleDeg(reco.Pair.PhotonDirection, (reco.Pair.A.EnergyKev * InXz(20) + reco.Pair.B.EnergyKev * InXz(-20)).Normalized()), 0, 1.5);
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

        // The cone vertex is the start (the whole track lies ahead of it); the photon's line there is the track's.
        Assert.Null(reco.Pair);
        Assert.Equal("vertex_line", reco.PhotonMethod);
        Assert.InRange(AngleDeg(reco.PhotonDirection!.Value, direction), 0, 2);
        Assert.InRange(AngleDeg(reco.Start!.Direction, direction), 0, 2);
    }

    /// <summary>
    /// A 20 MeV-like pair: two leptons 4 deg apart (m_e / E), 40 mm each, ending in dense Bragg clumps, and two brems
    /// converting 70-110 mm ahead along the photon, with its points in either order.
    /// </summary>
    private static SyntheticCloud NarrowPair(Vec3 photon, bool reversed)
    {
        var across = photon.Cross(new Vec3(0, 1, 0)).Normalized();
        double half = 2 * Math.PI / 180;
        var a = (Math.Cos(half) * photon + Math.Sin(half) * across).Normalized();
        var b = (Math.Cos(half) * photon - Math.Sin(half) * across).Normalized();
        var cloud = new SyntheticCloud();
        var parts = new List<Action>
        {
            () => cloud.Segment(Vertex, Vertex + 0.040 * a),
            () => cloud.Segment(Vertex, Vertex + 0.040 * b),
            () => cloud.Blob(Vertex + 0.040 * a + new Vec3(0.0005, 0.0005, 0), 2500),
            () => cloud.Blob(Vertex + 0.040 * b + new Vec3(-0.0005, 0.0005, 0), 2500),
            () => cloud.Segment(Vertex + 0.070 * photon, Vertex + 0.080 * photon + 0.002 * across),
            () => cloud.Segment(Vertex + 0.110 * photon, Vertex + 0.115 * photon - 0.002 * across),
        };
        if (reversed) parts.Reverse();
        foreach (var part in parts) part();
        return cloud;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_cone_vertex_of_a_narrow_pair_is_where_both_leptons_start_and_the_photon_line_points_along_the_photon(bool reversed)
    {
        var photon = new Vec3(0.3, -0.4, 0.866).Normalized();
        var cloud = NarrowPair(photon, reversed);

        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, Vertex, Shipped.Topology);
        var reco = Reconstruct(cloud);

        // The cone rule finds where both leptons start (the fold rule sees no V: 4 deg never opens past 90 deg).
        Assert.InRange((shape.AtPairVertex!.Vertex - Vertex).Length * 1e3, 0, 1.0);
        Assert.InRange((reco.Vertex!.Value - Vertex).Length * 1e3, 0, 1.0);
        Assert.Equal("vertex_line", reco.PhotonMethod);
        Assert.InRange(AngleDeg(reco.PhotonDirection!.Value, photon), 0, 2);
        Assert.True(reco.PhotonSigmaDeg > 0);
    }

    /// <summary>
    /// An asymmetric narrow pair at MIP charge (Topology:VertexMipElectronsPerMm per mm): a hard lepton 75 mm long and a soft one
    /// 25 mm long, 2 deg either side of <paramref name="photon"/>, with Bragg clumps at their ends. By charge the hard one carries
    /// 80 of 110 parts of the energy, so the energy-weighted direction lies 0.9 deg towards it, where the stem's centroid (the
    /// two leptons' equal mean) points along <paramref name="photon"/>.
    /// </summary>
    private static (SyntheticCloud Cloud, Vec3 Hard, Vec3 Soft) AsymmetricNarrowPair(Vec3 photon)
    {
        double mip = Shipped.Topology.VertexMipElectronsPerMm;
        var across = photon.Cross(new Vec3(0, 1, 0)).Normalized();
        double half = 2 * Math.PI / 180;
        var hard = (Math.Cos(half) * photon + Math.Sin(half) * across).Normalized();
        var soft = (Math.Cos(half) * photon - Math.Sin(half) * across).Normalized();
        var cloud = new SyntheticCloud()
            .Segment(Vertex, Vertex + 0.075 * hard, mip)
            .Segment(Vertex, Vertex + 0.025 * soft, mip)
            .Blob(Vertex + 0.075 * hard, 5 * mip)
            .Blob(Vertex + 0.025 * soft, 5 * mip);
        return (cloud, hard, soft);
    }

    [Fact]
    public void Where_the_stem_forks_the_joint_fit_weighs_each_lepton_by_its_charge_and_the_stem_fit_does_not()
    {
        var photon = new Vec3(0.3, -0.4, 0.866).Normalized();
        var (cloud, hard, soft) = AsymmetricNarrowPair(photon);
        var weighted = (80 * hard + 30 * soft).Normalized();   // by charge: each track and its 5 mm clump
        var joint = Shipped.Reconstruction;
        joint.PhotonFit = "stemjoint";

        var stem = Shipped.Reconstruction;
        stem.PhotonFit = "stem";

        var stemReco = Reconstruct(cloud, settings: stem);
        var jointReco = Reconstruct(cloud, settings: joint);

        Assert.Equal("vertex_line", jointReco.PhotonMethod);
        Assert.InRange((jointReco.Vertex!.Value - Vertex).Length * 1e3, 0, 1.0);
        // The stem fit reads the equal mean (the photon axis here), 1 deg from the energy-weighted direction.
        Assert.InRange(AngleDeg(stemReco.PhotonDirection!.Value, weighted), 0.7, 1.3);
        Assert.InRange(AngleDeg(jointReco.PhotonDirection!.Value, weighted), 0, 0.3);
        Assert.True(jointReco.PhotonSigmaDeg > 0);
    }

    [Fact]
    public void Without_a_fork_the_joint_setting_keeps_the_stem_fit_exactly()
    {
        // The narrow pair at 100 e/mm: its arms carry far less than half a MIP per mm, so no fork is found.
        var photon = new Vec3(0.3, -0.4, 0.866).Normalized();
        var cloud = NarrowPair(photon, reversed: false);
        var joint = Shipped.Reconstruction;
        joint.PhotonFit = "stemjoint";

        var stem = Shipped.Reconstruction;
        stem.PhotonFit = "stem";

        var stemReco = Reconstruct(cloud, settings: stem);
        var jointReco = Reconstruct(cloud, settings: joint);

        Assert.Equal(stemReco.PhotonDirection, jointReco.PhotonDirection);
        Assert.Equal(stemReco.PhotonSigmaDeg, jointReco.PhotonSigmaDeg);
    }

    [Fact]
    public void The_brems_ahead_tell_the_vertex_from_the_far_end_of_a_straight_event()
    {
        // One straight 40 mm line, no Bragg clump at either end: only the converted brems ahead of the vertex tell them apart.
        var photon = new Vec3(0, 0, 1);
        var cloud = new SyntheticCloud().Segment(Vertex, Vertex + 0.040 * photon)
            .Segment(Vertex + 0.070 * photon, Vertex + 0.080 * photon, 300).Cloud();
        var map = new int[cloud.Count];
        var clusters = new ConnectedClusters(new VoxelGrid(cloud, VoxelM, map));
        var main = ShapeAnalysis.MainClusterGrid(cloud, map, clusters, VoxelM);
        var skeleton = new Skeleton(main, Enumerable.Range(0, main.Count).ToArray(), 0);

        var scored = PairVertex.Score(main, skeleton, clusters, 10e-3, 3e-3);
        var best = PairVertex.Find(main, skeleton, clusters, 10e-3, 3e-3);

        Assert.NotNull(best);
        Assert.InRange((best!.Value.Position - Vertex).Length * 1e3, 0, 0.5);
        Assert.InRange(AngleDeg(best.Value.Direction, photon), 0, 2);
        // The far end sees the brems behind it: its score is lower by their charge share (2 x 3000 of 7000 e).
        var far = scored.MinBy(c => (c.Position - (Vertex + 0.040 * photon)).Length);
        Assert.InRange(best.Value.Forward - far.Forward, 0.5, 1.0);
        // The two-pass search (every end on 15 mm cells, the best 4 again on 3 mm cells) finds the same end.
        Assert.Equal(best.Value.Node, PairVertex.Find(main, skeleton, clusters, 10e-3, 3e-3, 15e-3, 4)!.Value.Node);
    }

    [Fact]
    public void The_two_track_cue_tells_the_apex_from_the_far_end_that_the_cone_prefers()
    {
        // A narrow pair (two 40 mm leptons at +-1.5 deg, 100 e/mm each) and a blob 80 mm behind the vertex (a brem or an
        // annihilation photon gone backwards). From the far end of a lepton the whole event lies straight ahead, the
        // blob included; from the apex the blob lies behind: the cone alone picks a far end. The apex stem holds both
        // leptons (two MIPs), a far end one.
        var photon = new Vec3(0, 0, 1);
        var cloud = new SyntheticCloud().Prong(Vertex, 1.5, 40).Prong(Vertex, -1.5, 40).Blob(Vertex - 0.080 * photon, 400).Cloud();
        var map = new int[cloud.Count];
        var clusters = new ConnectedClusters(new VoxelGrid(cloud, VoxelM, map));
        var main = ShapeAnalysis.MainClusterGrid(cloud, map, clusters, VoxelM);
        var skeleton = new Skeleton(main, Enumerable.Range(0, main.Count).ToArray(), 0);
        var cue = new PairVertex.TwoTrackCue(1.5e-3, 4.5e-3, 1.5e-3, MipElectronsPerM: 100e3, Weight: 0.3);

        var coneAlone = PairVertex.Find(main, skeleton, clusters, 10e-3, 3e-3, 15e-3, 24);
        var withCue = PairVertex.Find(main, skeleton, clusters, 10e-3, 3e-3, 15e-3, 24, cue);

        Assert.InRange((coneAlone!.Value.Position - Vertex).Length * 1e3, 35, 45);
        Assert.InRange((withCue!.Value.Position - Vertex).Length * 1e3, 0, 1.0);
        Assert.InRange(withCue.Value.StemMips, 1.8, 2.2);
        Assert.InRange(cue.StemMips(main, coneAlone.Value.Position, coneAlone.Value.Direction), 0.8, 1.2);
        // More than two tracks' charge (a Bragg blob, a brem crossing) earns no more than two.
        Assert.Equal(cue.Bonus(2), cue.Bonus(5), 12);
        Assert.Equal(0.5 * cue.Bonus(2), cue.Bonus(1), 12);
    }

    [Fact]
    public void The_scattering_weighted_refit_follows_the_first_mm_and_not_the_scattered_centimetres()
    {
        // Two 10 MeV leptons along the photon for 4 mm, then both scattered by 25 deg to the same side and on for 16 mm:
        // an unweighted line over the 20 mm leans towards the scattered part; the weighted fit (sigma_ms at 10 MeV
        // 0.05 mm at 1 mm, 0.4 mm at 4 mm, 1.8 mm at 10 mm, against 0.14 mm of pitch) leans less.
        var photon = new Vec3(0, 0, 1);
        var kinked = InXz(25);
        var cloud = new SyntheticCloud();
        foreach (var side in new[] { -0.15e-3, 0.15e-3 })
        {
            var start = Vertex + new Vec3(0, side, 0);
            var knee = start + 0.004 * photon;
            cloud.Segment(start, knee).Segment(knee, knee + 0.016 * kinked);
        }
        var grid = new VoxelGrid(cloud.Cloud(), VoxelM);
        var scattering = ScatteringLimit.From(Shipped.Reconstruction);

        var line = ScatteringWeightedLine.Fit(grid, Vertex, photon, leptonKineticMeV: 10, lengthM: 0.020, corridor: Shipped.Reconstruction.Corridor(), VoxelM, scattering);
        var unweighted = PrincipalAxes.Of(grid, Enumerable.Range(0, grid.Count).ToArray()).Axis1;

        Assert.NotNull(line);
        double weightedDeg = AngleDeg(line!.Direction, photon), unweightedDeg = Math.Min(AngleDeg(unweighted, photon), AngleDeg(-1 * unweighted, photon));
        // The whole 20 mm leans by ~22 deg; the weights halve that (independent point errors: a kink still pulls its
        // lever arm, which a fit with the scattering's correlations along the track would not).
        Assert.InRange(unweightedDeg, 18, 26);
        Assert.InRange(weightedDeg, 0, 0.6 * unweightedDeg);
        Assert.True(line.SigmaDeg > 0);
        // The result does not depend on the seed: one 10 deg off the other side ends on the same line.
        Assert.InRange(AngleDeg(ScatteringWeightedLine.Fit(grid, Vertex, InXz(-10), 10, 0.020, Shipped.Reconstruction.Corridor(), VoxelM, scattering)!.Direction, line.Direction), 0, 0.5);
    }

    [Fact]
    public void The_MIP_charge_per_mm_of_the_two_track_cue_is_the_shipped_medium_s()
    {
        // dE/dx_min of liquid argon, 2.12 MeV/cm (PDG), over the energy per collected electron of config/medium/LAr.json.
        var (medium, _) = TrackPipeline.Config.DetectorConfig.LoadMedium(Path.Combine(TrackPipeline.Tests.Drift.DriftFixtures.ConfigDir, "medium", "LAr.json"));
        double expected = 212.0 / medium.KeVPerCollectedElectron;
        Assert.InRange(Shipped.Topology.VertexMipElectronsPerMm / expected, 0.995, 1.005);
    }

    [Fact]
    public void A_vertex_found_down_the_stem_is_moved_back_to_where_the_charge_starts()
    {
        var axis = new Vec3(0.6, 0, 0.8);
        var grid = new VoxelGrid(new SyntheticCloud().Segment(Vertex, Vertex + 0.02 * axis).Cloud(), VoxelM);

        var moved = PairVertex.Rearmost(grid, Vertex + 0.003 * axis, axis, 4e-3, 1e-3);

        Assert.InRange((moved - Vertex).Length * 1e3, 0, 0.5);
        // Nothing lies behind the true start: it stays.
        Assert.InRange((PairVertex.Rearmost(grid, moved, axis, 4e-3, 1e-3) - moved).Length, 0, 1e-12);
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
        var cone = new TopologySettings { VertexMethod = TopologySettings.FoldVertex, VertexStemMm = 0, VertexConeCellMm = -1, VertexRearReachMm = -1 }.Problems().ToList();
        Assert.Contains(cone, p => p.Contains("Topology:VertexStemMm"));
        Assert.Contains(cone, p => p.Contains("Topology:VertexConeCellMm"));
        Assert.Contains(cone, p => p.Contains("Topology:VertexRearReachMm"));
        Assert.Contains(new ReconstructionSettings { PhotonLineLengthMm = 0 }.Problems(), p => p.Contains("Reconstruction:PhotonLineLengthMm"));
        var fork = Shipped.Reconstruction;
        fork.JointForkFromMm = 5; fork.JointForkToMm = 4; fork.JointForkShellMm = 0; fork.JointForkStepMm = -1; fork.JointForkMinArmMips = double.NaN;
        var forkProblems = fork.Problems().ToList();
        foreach (var name in new[] { "JointForkToMm", "JointForkShellMm", "JointForkStepMm", "JointForkMinArmMips" })
            Assert.Contains(forkProblems, p => p.Contains("Reconstruction:" + name));
        Assert.Contains(new ReconstructionSettings { PhotonFit = "fork" }.Problems(), p => p.Contains("leptons, stem, stemjoint, stemmix or diagonal"));
        var mix = Shipped.Reconstruction;
        mix.StemMixLengthMm = 0; mix.StemMixStartOpeningDeg = 180; mix.StemMixIterations = 0; mix.StemMixOwnShare = 0.5; mix.StemMixMinRayMm = double.NaN; mix.StemMixMaxSoftShare = 0.6;
        var mixProblems = mix.Problems().ToList();
        foreach (var name in new[] { "StemMixLengthMm", "StemMixStartOpeningDeg", "StemMixIterations", "StemMixOwnShare", "StemMixMinRayMm", "StemMixMaxSoftShare" })
            Assert.Contains(mixProblems, p => p.Contains("Reconstruction:" + name));
    }

    [Theory]
    [InlineData(1e300)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1000)]
    public void A_corridor_of_absurdly_many_sigmas_is_refused(double sigmas)
    {
        // Breaker 6 F6: 1e300 was accepted (only <= 0 and NaN were refused); the corridor then holds every voxel.
        var s = Shipped.Reconstruction;
        s.PhotonFitCorridorSigmas = sigmas;
        Assert.Contains(s.Problems(), p => p.Contains("Reconstruction:PhotonFitCorridorSigmas"));
    }
}

/// <summary>The scattering formulas against their closed forms.</summary>
public sealed class ScatteringLimitTests
{
    private readonly ScatteringLimit _lar = new(radiationLengthCm: 14.0, highlandScaleMeV: 13.6, highlandLogCoefficient: 0.038);

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
