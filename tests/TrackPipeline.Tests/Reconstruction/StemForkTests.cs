using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The fork after a two-MIP stem (<see cref="StemFork"/>) on charge of known shape at the pixel scale (0.5 mm voxels, one
/// MIP = the shipped <c>Topology:VertexMipElectronsPerMm</c>, 1 keV per electron so that charges read as energies).
/// </summary>
public sealed class StemForkTests
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);
    private static readonly Vec3 Photon = new(0, 0, 1);
    private static double Mip => Shipped.Topology.VertexMipElectronsPerMm;

    private static TrackReconstruction Reconstruct(SyntheticCloud cloud, ReconstructionSettings settings)
    {
        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, null, Shipped.Topology);
        return new ReconstructionStage(settings, Shipped.Topology, keVPerElectron: 1.0).Reconstruct(cloud.Cloud(), VoxelM, VoxelM, shape.AtPairVertex);
    }

    private static ReconstructionSettings ForkOn(double toMm = 30)
    {
        var s = Shipped.Reconstruction;
        s.StemForkToMm = toMm;
        return s;
    }

    private static Vec3 InXz(double angleDeg) => new(Math.Sin(angleDeg * Math.PI / 180), 0, Math.Cos(angleDeg * Math.PI / 180));

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// A pair as a 50 MeV one looks on 0.5 mm pixels: both leptons in one stem for 12 mm (0.2 mm apart), then parting at
    /// +-5 deg; lepton A runs 50 mm beyond the knee, B 20 mm. 45 mm down A a converted brem's pair crosses back to the end of
    /// B's line and joins the arms: beyond any sphere
    /// about the vertex the two leptons are one piece, so no V splits there.
    /// </summary>
    private static SyntheticCloud StemThenFork(bool bridged = true)
    {
        var cloud = new SyntheticCloud();
        var knee = Vertex + 0.012 * Photon;
        cloud.Segment(Vertex + new Vec3(0.1e-3, 0, 0), knee + new Vec3(0.1e-3, 0, 0), Mip)
             .Segment(Vertex - new Vec3(0.1e-3, 0, 0), knee - new Vec3(0.1e-3, 0, 0), Mip)
             .Segment(knee, knee + 0.050 * InXz(5), Mip)
             .Segment(knee, knee + 0.020 * InXz(-5), Mip);
        if (bridged) cloud.Segment(knee + 0.045 * InXz(5), knee + 0.020 * InXz(-5), 0.5 * Mip);
        return cloud;
    }

    [Fact]
    public void A_stem_that_forks_downstream_gets_its_V_at_the_fork_with_the_vertex_at_the_stem_s_start()
    {
        var cloud = StemThenFork();

        // Today (off): the cone vertex sees the two-track stem but no sphere splits the joined leptons.
        var shipped = Reconstruct(cloud, Shipped.Reconstruction);
        Assert.Equal(0, Shipped.Reconstruction.StemForkToMm);
        Assert.Null(shipped.Pair);

        var pair = Reconstruct(cloud, ForkOn()).Pair;

        Assert.NotNull(pair);
        Assert.InRange((pair!.Vertex - Vertex).Length * 1e3, 0, 1.5);
        // The arms cross the 4 mm shell apart a few mm past the knee.
        Assert.InRange(pair.SplitRadiusMm, 12, 22);
        Assert.InRange(pair.OpeningAngleDeg, 6, 16);
        Assert.InRange(Math.Min(AngleDeg(pair.A.Direction, InXz(5)), AngleDeg(pair.A.Direction, InXz(-5))), 0, 3);
        // The photon is the stem's line.
        Assert.InRange(AngleDeg(pair.PhotonDirection, Photon), 0, 2);
        // A takes the longer arm; the split reads the arms' charge (about 20 + 6 against 50 + 6 mm of MIP, the bridge shared).
        Assert.InRange(AngleDeg(pair.A.Direction, InXz(5)), 0, 3);
        Assert.InRange(pair.EnergySplit, 0.3, 0.75);
    }

    [Fact]
    public void The_fork_search_does_not_touch_a_V_the_sphere_fit_finds()
    {
        // Without the bridge the sphere cut splits the leptons: the same V with the search on or off.
        var cloud = StemThenFork(bridged: false);

        var off = Reconstruct(cloud, Shipped.Reconstruction).Pair;
        var on = Reconstruct(cloud, ForkOn()).Pair;

        Assert.NotNull(off);
        Assert.Equal(off, on);
    }

    [Fact]
    public void One_MIP_track_with_a_side_branch_is_no_fork()
    {
        // An electron (one MIP) with a 10 mm delta ray 8 mm from its start: its stem carries one track, so no fork is sought.
        var start = Vertex;
        var cloud = new SyntheticCloud().Segment(start, start + 0.060 * Photon, Mip)
            .Segment(start + 0.008 * Photon, start + 0.008 * Photon + 0.010 * InXz(35), Mip);

        Assert.Null(Reconstruct(cloud, ForkOn()).Pair);
    }

    [Fact]
    public void A_fork_beyond_the_search_radius_is_not_found()
    {
        Assert.Null(Reconstruct(StemThenFork(), ForkOn(toMm: 6)).Pair);
    }

    [Fact]
    public void Fork_settings_problems_are_named()
    {
        var s = ForkOn();
        s.StemForkShellMm = 0;
        s.StemForkFromMm = 40;
        var problems = s.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("StemForkShellMm"));
        Assert.Contains(problems, p => p.Contains("StemForkFromMm"));
        var off = Shipped.Reconstruction;
        off.StemForkToMm = -1;
        Assert.Contains(off.Problems(), p => p.Contains("StemForkToMm"));
    }
}
