using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The multiple-scattering momentum on leptons of known energy: a random walk of the direction in 0.1 mm steps with
/// Highland's variance at the energy left (collision loss as shipped), the charge smeared by 0.12 mm of diffusion and binned
/// onto the centres of 0.5 mm pixels (a centroid's error is then pitch / sqrt 12, as the fit assumes), fitted with the shipped segmenting. Seeded; 200 tracks make a median good to a few percent.
/// </summary>
public sealed class MultipleScatteringMomentumTests
{
    private const double VoxelM = 0.5e-3;
    private const double DiffusionM = 0.12e-3;
    private static readonly Vec3 Start = new(-0.004, 0.017, 0.026);
    private static readonly ScatteringLimit Scattering = ScatteringLimit.From(Shipped.Reconstruction);
    private static readonly double PointSigmaM = Math.Sqrt(VoxelM * VoxelM / 12 + DiffusionM * DiffusionM);
    private static MultipleScatteringMomentum.Segmenting[] Shipped_ => Shipped.Reconstruction.Segmentings(VoxelM, PointSigmaM);

    /// <summary>A lepton of kinetic energy T leaving <see cref="Start"/> along <paramref name="direction"/>, losing the shipped
    /// collision loss per length, scattering by Highland over each step (variance per length theta0(T, L)^2 / L at the segment
    /// length L, the estimator's own model), 40 mm long or until it stops.</summary>
    private static ChargeCloud Lepton(Random random, Vec3 direction, double kineticMeV, double chargePerStep = 10, bool scatter = true)
    {
        const double stepM = 0.1e-3;
        const double segmentM = 5e-3;      // Highland over 5 mm sets the variance per length (its log term varies by ~5 % over 2.5-10 mm)
        double lossPerM = Shipped.Reconstruction.CollisionStoppingMeVPerCm * 100;
        var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<double>();
        var p = Start;
        var u = direction.Normalized();
        double t = kineticMeV;
        for (double s = 0; s < 0.040 && t > 0.2; s += stepM)
        {
            p += stepM * u;
            // Read out as pixels: the diffused charge lands on the centre of its 0.5 mm pixel (and time bin).
            x.Add(Pixel(p.X + DiffusionM * Gauss(random))); y.Add(Pixel(p.Y + DiffusionM * Gauss(random))); z.Add(Pixel(p.Z + DiffusionM * Gauss(random)));
            q.Add(chargePerStep);
            double theta0 = Scattering.HighlandRad(t, segmentM * 100);
            double kick = scatter ? Math.Sqrt(theta0 * theta0 / segmentM * stepM) : 0;
            var (e1, e2) = ScatteringCorridor.Transverse(u);
            u = (u + kick * Gauss(random) * e1 + kick * Gauss(random) * e2).Normalized();
            t -= lossPerM * stepM;
        }
        return new ChargeCloud(x.ToArray(), y.ToArray(), z.ToArray(), q.ToArray());
    }

    private static double Pixel(double c) => (Math.Floor(c / VoxelM) + 0.5) * VoxelM;

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Median(List<double> v) { v.Sort(); return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]); }

    [Theory]
    [InlineData(3.0)]
    [InlineData(8.0)]
    [InlineData(20.0)]
    public void The_momentum_from_scattering_is_unbiased_and_its_error_calibrated(double kineticMeV)
    {
        var random = new Random(4711);
        var logRatio = new List<double>(); var pulls = new List<double>();
        int bounded = 0, measured = 0;
        for (int t = 0; t < 200; t++)
        {
            var truth = new Vec3(Gauss(random), Gauss(random), Gauss(random)).Normalized();
            var grid = new VoxelGrid(Lepton(random, truth, kineticMeV), VoxelM);
            // A soft lepton can turn out of the corridor within two segments: then there is no measurement.
            if (MultipleScatteringMomentum.Best(grid, Start, truth, 0, Shipped_, Scattering) is not { } found) continue;
            var m = (MultipleScatteringMomentum.Estimate?)found;
            measured++;
            double r = Math.Log(m!.Value.KineticMeV / kineticMeV);
            logRatio.Add(r);
            if (!m.Value.Bounded) continue;
            bounded++;
            pulls.Add(Math.Abs(r) / m.Value.SigmaLn);
        }
        // The median estimate within 25 % of the truth (the likelihood is the simulation's model, pixels and diffusion added;
        // measured 1.19 / 1.04 / 1.12 at 3 / 8 / 20 MeV: a soft lepton's widest turns leave the corridor, reading it straighter).
        Assert.InRange(Math.Exp(Median(logRatio)), 0.8, 1.25);
        // Most tracks scatter visibly more than the pixels at these energies, and the error is calibrated:
        // the median |pull| of a Gaussian is 0.674.
        Assert.True(measured >= 170, $"{measured} of 200 measured");
        Assert.True(bounded >= 150, $"{bounded} of 200 bounded");
        Assert.InRange(Median(pulls), 0.5, 0.9);
    }

    [Fact]
    public void A_straight_track_only_bounds_the_momentum_from_below()
    {
        var random = new Random(12);
        var grid = new VoxelGrid(Lepton(random, new Vec3(0.3, -0.5, 0.8), 20, scatter: false), VoxelM);
        var m = MultipleScatteringMomentum.Best(grid, Start, new Vec3(0.3, -0.5, 0.8), 0, Shipped_, Scattering);
        Assert.NotNull(m);
        // No scattering beyond what the pixels and diffusion make: either unbounded above or far above 20 MeV.
        Assert.True(!m!.Value.Bounded || m.Value.KineticMeV > 60, $"{m.Value.KineticMeV} MeV, sigma ln {m.Value.SigmaLn}");
    }

    [Fact]
    public void The_momentum_does_not_read_the_charge()
    {
        // The same track with ten times the charge per length: the same momentum (the charge split is a separate measurement).
        var one = MultipleScatteringMomentum.Best(new VoxelGrid(Lepton(new Random(5), new Vec3(1, 1, 0), 6), VoxelM), Start, new Vec3(1, 1, 0), 0, Shipped_, Scattering);
        var ten = MultipleScatteringMomentum.Best(new VoxelGrid(Lepton(new Random(5), new Vec3(1, 1, 0), 6, chargePerStep: 100), VoxelM), Start, new Vec3(1, 1, 0), 0, Shipped_, Scattering);
        Assert.NotNull(one);
        Assert.NotNull(ten);
        Assert.Equal(one!.Value.KineticMeV, ten!.Value.KineticMeV, 6);
    }

    [Fact]
    public void A_soft_lepton_reads_softer_than_a_hard_one_on_the_same_path()
    {
        // Monotonic: the harder lepton of an asymmetric pair is the straighter track (the split the photon needs).
        var random = new Random(99);
        int right = 0;
        for (int t = 0; t < 50; t++)
        {
            var dir = new Vec3(Gauss(random), Gauss(random), Gauss(random)).Normalized();
            var soft = MultipleScatteringMomentum.Best(new VoxelGrid(Lepton(random, dir, 4), VoxelM), Start, dir, 0, Shipped_, Scattering);
            var hard = MultipleScatteringMomentum.Best(new VoxelGrid(Lepton(random, dir, 16), VoxelM), Start, dir, 0, Shipped_, Scattering);
            if (soft is { } s && hard is { } h && h.KineticMeV > s.KineticMeV) right++;
        }
        Assert.True(right >= 45, $"{right} of 50");
    }
}
