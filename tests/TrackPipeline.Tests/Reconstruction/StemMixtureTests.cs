using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The leptons' split near the vertex as a mixture of two rays (<see cref="StemMixture"/>, PhotonFit <c>stemmix</c>, issue 10
/// round 19) on charge of known shape at the pixel scale (0.5 mm voxels, 1 keV per electron so charges read as energies).
/// </summary>
public sealed class StemMixtureTests
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);

    private static TrackReconstruction Reconstruct(SyntheticCloud cloud, ReconstructionSettings settings)
    {
        var topology = Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, null, topology);
        return new ReconstructionStage(settings, topology, keVPerElectron: 1.0).Reconstruct(cloud.Cloud(), VoxelM, VoxelM, shape.AtPairVertex);
    }

    private static ReconstructionSettings WithFit(string method)
    {
        var s = Shipped.Reconstruction;
        s.PhotonFit = method;
        return s;
    }

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// A very asymmetric pair at MIP charge: a hard lepton 75 mm long with its Bragg clump, and a soft one leaving the vertex at
    /// <paramref name="softDeg"/> for <paramref name="softMm"/> and stopping in a clump there (a few MeV lepton that turns or
    /// stops within the fork finder's first shells, so it never crosses a whole shell as a second piece).
    /// </summary>
    private static (SyntheticCloud Cloud, Vec3 Hard, Vec3 Soft) AsymmetricPair(double softDeg, double softMm)
    {
        double mip = Shipped.Topology.VertexMipElectronsPerMm;
        var hard = new Vec3(0.3, -0.4, 0.866).Normalized();
        var across = hard.Cross(new Vec3(0, 1, 0)).Normalized();
        double a = softDeg * Math.PI / 180;
        var soft = (Math.Cos(a) * hard + Math.Sin(a) * across).Normalized();
        var cloud = new SyntheticCloud()
            .Segment(Vertex, Vertex + 0.075 * hard, mip)
            .Blob(Vertex + 0.075 * hard, 5 * mip)
            .Segment(Vertex, Vertex + softMm * 1e-3 * soft, mip)
            .Blob(Vertex + softMm * 1e-3 * soft, 3 * mip);
        return (cloud, hard, soft);
    }

    [Theory]
    [InlineData(25.0)]
    [InlineData(35.0)]
    public void A_soft_lepton_leaving_at_a_wide_angle_without_a_fork_is_split_off_and_the_photon_follows_the_energy(double softDeg)
    {
        var (cloud, hard, soft) = AsymmetricPair(softDeg, 4.5);
        double hardQ = 75 * Shipped.Topology.VertexMipElectronsPerMm + 5 * Shipped.Topology.VertexMipElectronsPerMm;
        double softQ = 4.5 * Shipped.Topology.VertexMipElectronsPerMm + 3 * Shipped.Topology.VertexMipElectronsPerMm;
        var weighted = (hardQ * hard + softQ * soft).Normalized();

        var stem = Reconstruct(cloud, WithFit("stem"));
        var joint = Reconstruct(cloud, WithFit("stemjoint"));
        var mixed = Reconstruct(cloud, WithFit("stemmix"));

        Assert.InRange((mixed.Vertex!.Value - Vertex).Length * 1e3, 0, 1.0);
        // No fork: the soft lepton stops inside the first shells, so the joint fit keeps the stem fit, which it pulls.
        Assert.Equal(stem.PhotonDirection, joint.PhotonDirection);
        double stemOff = AngleDeg(stem.PhotonDirection!.Value, weighted), mixedOff = AngleDeg(mixed.PhotonDirection!.Value, weighted);
        Assert.True(mixedOff < 1.0, $"the mixture's photon {mixedOff:F2} deg from the energy-weighted direction");
        Assert.True(stemOff > 2 * mixedOff + 0.3, $"the stem fit {stemOff:F2} deg from it, the mixture {mixedOff:F2}");
        Assert.True(mixed.PhotonSigmaDeg > 0);
        // Only the photon's direction may change: the vertex and the pair's reconstruction are the stem's.
        Assert.Equal(stem.Vertex, mixed.Vertex);
        Assert.Equal(stem.PhotonMethod, mixed.PhotonMethod);
        Assert.Equal(stem.Pair?.EnergySplit, mixed.Pair?.EnergySplit);
    }

    [Fact]
    public void Where_the_mixture_collapses_to_one_ray_the_stem_fit_stands_exactly()
    {
        // One lepton alone with its Bragg clump: the second ray owns nothing of its own.
        double mip = Shipped.Topology.VertexMipElectronsPerMm;
        var direction = new Vec3(0.3, -0.4, 0.866).Normalized();
        var cloud = new SyntheticCloud().Segment(Vertex, Vertex + 0.06 * direction, mip).Blob(Vertex + 0.06 * direction, 5 * mip);

        var stem = Reconstruct(cloud, WithFit("stem"));
        var mixed = Reconstruct(cloud, WithFit("stemmix"));

        Assert.NotNull(stem.PhotonDirection);
        Assert.Equal(stem.PhotonDirection, mixed.PhotonDirection);
        Assert.Equal(stem.PhotonSigmaDeg, mixed.PhotonSigmaDeg);
    }

    [Fact]
    public void With_the_stem_fit_the_mixture_settings_change_nothing()
    {
        // PhotonFit stem (as shipped) never reads StemMix*: a run with other values is the same run.
        var (cloud, _, _) = AsymmetricPair(30, 4.5);
        var other = WithFit("stem");
        other.StemMixLengthMm = 3; other.StemMixStartOpeningDeg = 60; other.StemMixIterations = 1; other.StemMixOwnShare = 0.99; other.StemMixMinRayMm = 0.1;

        var shipped = Reconstruct(cloud, WithFit("stem"));
        var changed = Reconstruct(cloud, other);
        var mixed = Reconstruct(cloud, WithFit("stemmix"));

        Assert.Equal(shipped.PhotonDirection, changed.PhotonDirection);
        Assert.Equal(shipped.PhotonSigmaDeg, changed.PhotonSigmaDeg);
        Assert.Equal(shipped.Vertex, changed.Vertex);
        Assert.NotEqual(shipped.PhotonDirection, mixed.PhotonDirection);
    }
}
