using TrackPipeline.Pipeline;
using TrackPipeline.Drift;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Drift;

public class DriftStageTests
{
    private static DriftStage Stage(double lifetimeS = double.PositiveInfinity, double depthM = 0, TrackPipeline.Readout.ReadoutSettings? readout = null)
    {
        var c = DriftFixtures.Load("GAMPixG");
        return new DriftStage(c.Medium, c.Drift with { ElectronLifetimeS = lifetimeS, DepthM = depthM }, (readout ?? c.Readout).AnodeGeometry, runSeed: 12345);
    }

    [Fact]
    public void Without_capture_every_electron_arrives()
    {
        var deposits = DriftFixtures.RandomTrack(5000, seed: 1);
        var drifted = Stage().Apply(deposits, TrackRandom.For(1, "t", "drift"));
        Assert.Equal(deposits.TotalElectrons(), drifted.TotalElectrons);
        Assert.Equal(deposits.TotalElectrons(), drifted.ElectronsInBounds);
        // GAMPixG pixel noise 25 e -> limit 12.5: k = ceil(n / 12.5) sub-clumps, so at most 13 (e.g. 25 -> 12 + 13), as in the reference.
        foreach (var n in drifted.Electrons) Assert.InRange(n, 1, 13);
    }

    [Fact]
    public void Mean_survival_is_exp_of_minus_drift_time_over_lifetime()
    {
        const int electrons = 1_000_000;
        var probe = Stage();
        double v = probe.Transport.DriftVelocityMPerS;
        const double depth = 0.5;
        var cell = AnodePlacement.SimpleCell(default, default, 0.01);
        double distance = cell.ZAnodeM + depth;
        double lifetime = distance / v / 0.7; // t / tau = 0.7
        var drifted = Stage(lifetime, depth).Apply(DriftFixtures.PointSource(electrons), TrackRandom.For(7, "p", "drift"));
        double p = Math.Exp(-0.7);
        double sigma = Math.Sqrt(p * (1 - p) / electrons); // binomial spread of the surviving fraction
        Assert.Equal(p, drifted.TotalElectrons / (double)electrons, 5 * sigma);
    }

    /// <summary>
    /// Training's drawn depth (DriftSettings.DepthSpreadM): each track drifts from one depth drawn uniformly in
    /// [DepthM, DepthM + spread) from its own stream; read back from the diffusion width of a point source (2,000
    /// single electrons: width to 1.6 %), the 40 tracks' extra depths lie in the range and average half of it.
    /// Without a spread nothing is drawn: the drift is the one it always was.
    /// </summary>
    [Fact]
    public void A_drawn_depth_spreads_the_tracks_over_the_drift_range()
    {
        const int electrons = 2_000, tracks = 40;
        const double spread = 0.175;
        var c = DriftFixtures.Load("GAMPixG");
        var plain = new DriftStage(c.Medium, c.Drift, DriftFixtures.SingleElectronClumps.AnodeGeometry, runSeed: 5);
        var drawn = new DriftStage(c.Medium, c.Drift with { DepthSpreadM = spread }, DriftFixtures.SingleElectronClumps.AnodeGeometry, runSeed: 5);
        var extras = new List<double>();
        for (int k = 0; k < tracks; k++)
        {
            var drifted = drawn.Apply(DriftFixtures.PointSource(electrons), TrackRandom.For(5, "track" + k, "drift"));
            double width2 = 0.5 * (Rms(drifted.X) * Rms(drifted.X) + Rms(drifted.Y) * Rms(drifted.Y));
            double distance = width2 / (2 * drawn.Transport.TransverseDiffusionM2PerS) * drawn.Transport.DriftVelocityMPerS;
            extras.Add(distance - drifted.Cell.ZAnodeM);
        }
        Assert.All(extras, e => Assert.InRange(e, -0.01, spread * 1.05));
        Assert.Equal(spread / 2, extras.Average(), spread * 0.15);
        Assert.True(extras.Min() < 0.2 * spread && extras.Max() > 0.8 * spread, $"drawn depths {extras.Min():F3}-{extras.Max():F3} m");

        var a = plain.Apply(DriftFixtures.PointSource(electrons), TrackRandom.For(5, "same", "drift"));
        var b = new DriftStage(c.Medium, c.Drift with { DepthSpreadM = 0 }, DriftFixtures.SingleElectronClumps.AnodeGeometry, runSeed: 5)
            .Apply(DriftFixtures.PointSource(electrons), TrackRandom.For(5, "same", "drift"));
        Assert.Equal(a.X, b.X);
    }

    [Fact]
    public void Diffusion_width_of_a_point_source_is_sqrt_2_D_t()
    {
        const int electrons = 100_000;
        const double depth = 1.0;
        var stage = Stage(depthM: depth, readout: DriftFixtures.SingleElectronClumps);
        var drifted = stage.Apply(DriftFixtures.PointSource(electrons), TrackRandom.For(3, "p", "drift"));
        Assert.Equal(electrons, drifted.Count); // one electron per clump
        double t = stage.Transport.DriftTimeS(drifted.Cell.ZAnodeM + depth);
        double sigmaT = Math.Sqrt(2 * stage.Transport.TransverseDiffusionM2PerS * t);
        double sigmaL = Math.Sqrt(2 * stage.Transport.LongitudinalDiffusionM2PerS * t);
        // The sample RMS of N Gaussian values has relative spread 1/sqrt(2N) = 0.22 %; allow 5 of those.
        double tol = 5 / Math.Sqrt(2.0 * electrons);
        Assert.Equal(1.0, Rms(drifted.X) / sigmaT, tol);
        Assert.Equal(1.0, Rms(drifted.Y) / sigmaT, tol);
        Assert.Equal(1.0, Rms(drifted.Z) / sigmaL, tol);
    }

    private static double Rms(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return Math.Sqrt(s / v.Length);
    }

    [Fact]
    public void Decompression_splits_as_the_reference()
    {
        Assert.Equal(3, ChargeDecompression.SubClumpCount(30, 12.5));
        Assert.Equal([10, 10, 10], Enumerable.Range(0, 3).Select(j => ChargeDecompression.SubClumpSize(30, 3, j)));
        Assert.Equal(3, ChargeDecompression.SubClumpCount(31, 12.5));
        Assert.Equal([11, 10, 10], Enumerable.Range(0, 3).Select(j => ChargeDecompression.SubClumpSize(31, 3, j)));
        Assert.Equal(1, ChargeDecompression.SubClumpCount(12, 12.5));
        Assert.Equal(2, ChargeDecompression.SubClumpCount(13, 12.5));
        Assert.Equal(0, ChargeDecompression.SubClumpCount(0, 12.5));
    }

    [Fact]
    public void Anode_is_the_top_of_the_padded_simple_cell()
    {
        // Box x [0.01, 0.03], y [-0.02, 0], z [-0.05, -0.01]; pad 0.01 -> spans 0.04, 0.04, 0.06; buffer 0.006.
        var cell = AnodePlacement.SimpleCell(new Vec3(0.01, -0.02, -0.05), new Vec3(0.03, 0, -0.01), 0.01);
        Assert.Equal(-0.01 + 0.01 + 0.006, cell.ZAnodeM, 1e-12);
        Assert.Equal(2 * (0.03 + 0.01 + 0.006), cell.WidthXM, 1e-12);
        Assert.Equal(2 * (0.02 + 0.01 + 0.006), cell.WidthYM, 1e-12);
        Assert.Equal(0.06 + 0.012, cell.HeightM, 1e-12);
    }
}
