using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// Wide asymmetric Vs of generated leptons (the built-in generator's transport: scattering, brems, delta rays) with known
/// truth: a 3-5 MeV electron and a 25-35 MeV positron from one vertex, 30 deg apart. Their charge makes the harder lepton
/// lose its brems to detached clusters, so the charge alone can misjudge the split; the scattering momentum reads each
/// lepton's own track. Seeded: the counts are fixed.
/// </summary>
public sealed class GeneratedPairMomentumTests
{
    private const double VoxelM = 0.5e-3;
    private const int Pairs = 24;
    private static readonly double KeVPerElectron =
        TrackPipeline.Config.DetectorConfig.LoadMedium(Path.Combine(GeneratorFixture.ConfigDir, "medium", "LAr.json")).Item1.KeVPerCollectedElectron;

    private sealed record WideV(double[] X, double[] Y, double[] Z, double[] Q, Vec3 SoftDirection, double SoftKev, Vec3 HardDirection, double HardKev)
    {
        public ChargeCloud Cloud() => new(X, Y, Z, Q);

        /// <summary>The photon the two leptons' momenta add up to.</summary>
        public Vec3 Photon => (ScatteringLimit.MomentumMeV(SoftKev * 1e-3) * SoftDirection + ScatteringLimit.MomentumMeV(HardKev * 1e-3) * HardDirection).Normalized();
    }

    private static WideV Compose(int index)
    {
        var rng = TrackRandom.For(424242, $"widev_{index}", "compose");
        double soft = 3 + 2 * rng.NextDouble(), hard = 25 + 10 * rng.NextDouble();
        var axis = Direction.Isotropic(rng);
        double phi = 2 * Math.PI * rng.NextDouble();
        var dSoft = Direction.Deflect(axis, Math.Cos(15 * Math.PI / 180), phi);
        var dHard = Direction.Deflect(axis, Math.Cos(15 * Math.PI / 180), phi + Math.PI);
        var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<double>();
        Append(GeneratorFixture.Generator.Generate(Particle.Electron, soft, TrackRandom.For(424242, $"widev_{index}", "electron")), dSoft);
        Append(GeneratorFixture.Generator.Generate(Particle.Positron, hard, TrackRandom.For(424242, $"widev_{index}", "positron")), dHard);
        return new WideV([.. x], [.. y], [.. z], [.. q], dSoft, soft * 1e3, dHard, hard * 1e3);

        void Append(GeneratedTrack g, Vec3 to)
        {
            // Rotate the generated track (cm, from its origin along its initial direction) onto the chosen direction, in metres.
            var from = g.InitialDirection.Normalized();
            var k = from.Cross(to);
            double s = k.Length, c = from.Dot(to);
            if (s > 1e-12) k = (1 / s) * k;
            for (int i = 0; i < g.X.Length; i++)
            {
                var p = new Vec3(g.X[i], g.Y[i], g.Z[i]) - g.Origin;
                var r = s > 1e-12 ? c * p + s * k.Cross(p) + (1 - c) * k.Dot(p) * k : (c > 0 ? p : -1 * p);
                x.Add(0.01 * r.X); y.Add(0.01 * r.Y); z.Add(0.01 * r.Z); q.Add(g.Electrons[i]);
            }
        }
    }

    private static TrackReconstruction Reconstruct(ChargeCloud cloud, ReconstructionSettings settings)
    {
        var topology = Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud, VoxelM, VoxelM, null, topology);
        return new ReconstructionStage(settings, topology, KeVPerElectron).Reconstruct(cloud, VoxelM, VoxelM, shape.AtPairVertex);
    }

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    [Fact]
    public void The_scattering_momentum_reads_the_soft_lepton_softer_and_the_per_lepton_fit_points_closer_than_the_stem()
    {
        var stem = Shipped.Reconstruction;
        stem.PhotonFit = "stem";
        var resolved = Shipped.Reconstruction;
        resolved.PhotonFit = "leptons";
        int pairs = 0, softerRead = 0, measured = 0, closer = 0, compared = 0;
        var stemAngles = new List<double>(); var pairAngles = new List<double>();
        for (int i = 0; i < Pairs; i++)
        {
            var v = Compose(i);
            var withPair = Reconstruct(v.Cloud(), resolved);
            if (withPair.Pair is not { } pair) continue;
            pairs++;
            // Which reconstructed lepton is the soft one: the one nearer the soft lepton's true direction.
            var (softReco, hardReco) = AngleDeg(pair.A.Direction, v.SoftDirection) < AngleDeg(pair.B.Direction, v.SoftDirection) ? (pair.A, pair.B) : (pair.B, pair.A);
            if (double.IsFinite(softReco.ScatteringKineticMeV) && double.IsFinite(hardReco.ScatteringKineticMeV))
            {
                measured++;
                if (softReco.ScatteringKineticMeV < hardReco.ScatteringKineticMeV) softerRead++;
            }
            if (withPair.PhotonMethod != "pair") continue;
            compared++;
            double a = AngleDeg(withPair.PhotonDirection!.Value, v.Photon), b = AngleDeg(Reconstruct(v.Cloud(), stem).PhotonDirection!.Value, v.Photon);
            pairAngles.Add(a); stemAngles.Add(b);
            if (a < b) closer++;
        }
        Assert.True(pairs >= Pairs / 2, $"{pairs} of {Pairs} Vs seen");
        Assert.True(measured >= pairs / 2, $"{measured} of {pairs} with both momenta");
        Assert.True(softerRead >= 0.8 * measured, $"soft lepton read softer in {softerRead} of {measured}");
        // A wide asymmetric V: the stem follows the bisector, 10-13 deg from the photon; the energy-weighted leptons do better.
        Assert.True(compared >= pairs / 2, $"{compared} of {pairs} resolved at the vertex");
        Assert.True(closer > compared / 2, $"closer in {closer} of {compared}");
        stemAngles.Sort(); pairAngles.Sort();
        Assert.True(pairAngles[compared / 2] < stemAngles[compared / 2], $"median {pairAngles[compared / 2]:F1} against the stem's {stemAngles[compared / 2]:F1} deg");
    }
}
