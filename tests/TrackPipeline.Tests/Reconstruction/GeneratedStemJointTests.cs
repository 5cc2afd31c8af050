using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The joint fit of a forked stem (<see cref="StemJointFit"/>, PhotonFit <c>stemjoint</c>) on generated 50 MeV photons whose
/// first interaction is a pair (the built-in generator's transport: scattering, brems, delta rays), known truth: the photon's
/// direction. The charge is the deposits in 0.5 mm voxels (the pixel pitch, no readout). Seeded: the counts are fixed.
/// </summary>
public sealed class GeneratedStemJointTests
{
    private const double VoxelM = 0.5e-3;
    private const int Photons = 24;
    private static readonly double KeVPerElectron =
        TrackPipeline.Config.DetectorConfig.LoadMedium(Path.Combine(GeneratorFixture.ConfigDir, "medium", "LAr.json")).Item1.KeVPerCollectedElectron;

    private static TrackReconstruction Reconstruct(ChargeCloud cloud, ReconstructionSettings settings)
    {
        var topology = Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud, VoxelM, VoxelM, null, topology);
        return new ReconstructionStage(settings, topology, KeVPerElectron).Reconstruct(cloud, VoxelM, VoxelM, shape.AtPairVertex);
    }

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    [Fact]
    public void On_generated_50_MeV_pairs_the_joint_fit_forks_some_stems_and_points_closer_than_the_stem_there()
    {
        var stem = Shipped.Reconstruction;
        stem.PhotonFit = "stem";
        var joint = Shipped.Reconstruction;
        joint.PhotonFit = "stemjoint";
        int pairs = 0;
        var stemAngles = new List<double>(); var jointAngles = new List<double>();
        for (int i = 0; i < Photons; i++)
        {
            var g = GeneratorFixture.Generator.Generate(Particle.Photon, 50, TrackRandom.For(20261129, $"stemjoint_{i}", "generate"));
            if (g.FirstInteraction != "pair") continue;
            pairs++;
            var x = new double[g.X.Length]; var y = new double[g.X.Length]; var z = new double[g.X.Length]; var q = new double[g.X.Length];
            for (int k = 0; k < g.X.Length; k++) { x[k] = 0.01 * g.X[k]; y[k] = 0.01 * g.Y[k]; z[k] = 0.01 * g.Z[k]; q[k] = g.Electrons[k]; }
            var cloud = new ChargeCloud(x, y, z, q);
            var s = Reconstruct(cloud, stem);
            var j = Reconstruct(cloud, joint);
            // Same vertex, same method: only the photon's direction may move, and only where a fork was found.
            Assert.Equal(s.Vertex, j.Vertex);
            Assert.Equal(s.PhotonMethod, j.PhotonMethod);
            if (s.PhotonDirection is not { } sd || j.PhotonDirection is not { } jd || sd == jd) continue;
            stemAngles.Add(AngleDeg(sd, g.InitialDirection));
            jointAngles.Add(AngleDeg(jd, g.InitialDirection));
        }
        int forked = jointAngles.Count;
        Assert.True(pairs >= Photons / 2, $"{pairs} of {Photons} photons converted to a pair first");
        Assert.True(forked >= pairs / 4, $"a fork in {forked} of {pairs} pairs");
        stemAngles.Sort(); jointAngles.Sort();
        Assert.True(jointAngles[forked / 2] < stemAngles[forked / 2],
            $"forked stems: joint median {jointAngles[forked / 2]:F2} against the stem's {stemAngles[forked / 2]:F2} deg ({forked} of {pairs})");
    }
}
