using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Readout;

public class ReadoutTests
{
    private static DriftedCharge Charge(SimpleCell cell, params (double X, double Y, double Z, int N)[] clumps) =>
        new(clumps.Select(c => c.X).ToArray(), clumps.Select(c => c.Y).ToArray(), clumps.Select(c => c.Z).ToArray(),
            clumps.Select(c => c.N).ToArray(), clumps.Length, cell, clumps.Sum(c => (long)c.N));

    private static ReadoutLevelSettings Pixels(double noise = 10, double pitch = 0.005) =>
        new() { Kind = SensorKinds.Pixels, PitchM = pitch, SamplingPitchM = pitch, NoiseE = noise, ThresholdSigma = 4 };

    [Fact]
    public void Gaussian_tail_at_4_sigma_is_3_167e_minus_5()
    {
        Assert.Equal(3.167e-5, GaussianTail.UpperProbability(4), 0.001e-5);
        Assert.Equal(2.867e-7, GaussianTail.UpperProbability(5), 0.001e-7);
    }

    [Fact]
    public void Noise_alone_triggers_empty_voxels_at_the_Gaussian_tail_rate()
    {
        // Two one-electron clumps at opposite corners make a read box of 400 x 400 x 400 = 6.4e7 empty voxels.
        var cell = new SimpleCell(4.0, 4.0, 4.0, 3.0);
        var charge = Charge(cell, (-0.999, -0.999, 0.0, 1), (0.999, 0.999, 1.998, 1));
        var triggered = new ReadoutSamples();
        PixelReadout.Read(charge, Pixels(), TrackRandom.For(1, "empty", "readout.pixels"), triggered, null);
        double volume = 400.0 * 400 * 400;
        double expected = volume * 3.167e-5; // 2027
        Assert.Equal(expected, triggered.Count, 5 * Math.Sqrt(expected)); // Poisson spread, 5 sigma
        // Values: all above threshold, mean of the tail E[X | X > 4] = phi(4) / Q(4) = 4.2256 sigma.
        double mean = triggered.TotalChargeE() / triggered.Count;
        foreach (var q in triggered.ChargeE) Assert.True(q > 40);
        Assert.Equal(42.256, mean, 5 * 10 * 0.23 / Math.Sqrt(expected)); // sd of the tail values is about 0.23 sigma
    }

    [Fact]
    public void Noise_trigger_count_matches_drawing_noise_on_every_voxel()
    {
        // Brute force on a small box (50 x 50 x 40 voxels, 2 sigma threshold so the rate is high): same mean.
        var cell = new SimpleCell(1.0, 1.0, 1.0, 0.5);
        var charge = Charge(cell, (0.0001, 0.0001, 0.0, 1), (0.2451, 0.2451, 0.1951, 1));
        var level = Pixels() with { ThresholdSigma = 2 };
        var triggered = new ReadoutSamples();
        long total = 0;
        const int runs = 20;
        for (int r = 0; r < runs; r++)
        {
            triggered = new ReadoutSamples();
            PixelReadout.Read(charge, level, TrackRandom.For((ulong)r, "small", "readout.pixels"), triggered, null);
            total += triggered.Count;
        }
        double voxels = 50.0 * 50 * 40;
        double p = GaussianTail.UpperProbability(2);
        double expected = runs * voxels * p;
        Assert.Equal(expected, total, 5 * Math.Sqrt(expected * (1 - p)));
    }

    [Theory]
    [InlineData(0.100, 0.0025)]  // floor(0.1 / 5 mm) = 20 pixels: edges on whole pitches, centre at 2.5 mm
    [InlineData(0.105, 0.0)]     // 21 pixels: edges on half pitches, the pixel around 0 is centred at 0
    public void Pixel_edges_follow_the_parity_of_the_pixel_count_across_the_cell(double cellWidth, double expectedCentre)
    {
        var cell = new SimpleCell(cellWidth, cellWidth, 1, 0);
        var charge = Charge(cell, (0.001, 0.001, -0.3, 1000));
        var triggered = new ReadoutSamples();
        var noiseless = new ReadoutSamples();
        PixelReadout.Read(charge, Pixels(noise: 1e-3), TrackRandom.For(1, "c", "p"), triggered, noiseless);
        Assert.Equal(1, noiseless.Count);
        Assert.Equal(expectedCentre, noiseless.X[0], 1e-12);
        Assert.Equal(expectedCentre, noiseless.Y[0], 1e-12);
        Assert.Equal(-0.3 + 0.0025, noiseless.Z[0], 1e-12); // z edges at mean(z) + k pitch
        Assert.Equal(1000, noiseless.ChargeE[0]);
        Assert.Equal(1, triggered.Count);
    }

    [Fact]
    public void Dual_scale_reads_all_charge_in_chips_between_the_wires()
    {
        var c = DriftFixtures.Load("GAMPixG");
        var cell = new SimpleCell(0.1, 0.1, 1, 0); // 10 grid cells: wires at +-0.005, +-0.015 ... chips between wires
        var charge = Charge(cell, (0.0049, 0.0, 0.0, 500), (0.0051, 0.0, 0.0, 300), (0.0123, -0.0311, 0.004, 200));
        var triggered = new ReadoutSamples();
        var noiseless = new ReadoutSamples();
        DualScaleReadout.Read(charge, c.Readout.Coarse!, c.Readout.Fine!, ReadRegion.ChargeSpan, TrackRandom.For(1, "d", "p"), triggered, noiseless);
        Assert.Equal(1000, noiseless.TotalChargeE(), 1e-9);
        Assert.Equal(3, noiseless.Count);
        // 0.0049 is in chip [-0.005, 0.005]: its last pixel is centred at 0.00475; 0.0051 is in the next chip's first pixel.
        var xs = noiseless.X.ToArray().Order().ToArray();
        Assert.Equal(0.00475, xs[0], 1e-12);
        Assert.Equal(0.00525, xs[1], 1e-12);
        // z: chip voxels of 1 cm with edges at mean(z) + k cm, each cut into 21 samples. z = 0.004 is 5.6 samples above
        // the mean -> centre of sample 5; z = 0 is in the chip voxel below, sample 18.
        double zMean = 0.004 / 3;
        double fineZ = 0.01 / 21;
        Assert.Contains(noiseless.Z.ToArray(), z => Math.Abs(z - (zMean + 5.5 * fineZ)) < 1e-12);
        Assert.Contains(noiseless.Z.ToArray(), z => Math.Abs(z - (zMean - 0.01 + 18.5 * fineZ)) < 1e-12);
    }

    [Fact]
    public void Whole_chip_region_reads_more_empty_voxels_than_the_charge_span()
    {
        var c = DriftFixtures.Load("GAMPixG");
        var cell = new SimpleCell(0.1, 0.1, 1, 0);
        var charge = Charge(cell, (0.0001, 0.0001, 0.0, 1000));
        long span = 0, whole = 0;
        for (int r = 0; r < 200; r++)
        {
            var t1 = new ReadoutSamples();
            DualScaleReadout.Read(charge, c.Readout.Coarse!, c.Readout.Fine!, ReadRegion.ChargeSpan, TrackRandom.For((ulong)r, "s", "p"), t1, null);
            var t2 = new ReadoutSamples();
            DualScaleReadout.Read(charge, c.Readout.Coarse!, c.Readout.Fine!, ReadRegion.WholeChip, TrackRandom.For((ulong)r, "w", "p"), t2, null);
            span += t1.Count; whole += t2.Count;
        }
        Assert.Equal(200, span); // one voxel, always above 4 sigma (1000 e vs 100 e threshold), no empty voxels
        // Whole chip: 20 x 20 x 21 - 1 empty voxels at 3.167e-5 -> 0.266 noise triggers per read; 200 reads: 53 +- 7.3.
        double expected = 200 * (20 * 20 * 21 - 1) * 3.167e-5;
        Assert.Equal(200 + expected, whole, 5 * Math.Sqrt(expected));
    }

    [Fact]
    public void Coarse_grid_shares_charge_between_the_two_nearest_wires()
    {
        var c = DriftFixtures.Load("GAMPixG");
        var cell = new SimpleCell(0.1, 0.1, 1, 0); // wires at +-0.005, +-0.015, ...
        var charge = Charge(cell, (-0.0025, 0.005, 0.0, 1000)); // 1/4 of the way from wire -0.005 to wire 0.005
        var triggered = new ReadoutSamples();
        var noiseless = new ReadoutSamples();
        CoarseGridReadout.Read(charge, c.Readout.Coarse!, TrackRandom.For(1, "g", "p"), triggered, noiseless);
        var xPlane = Enumerable.Range(0, noiseless.Count).Where(i => double.IsNaN(noiseless.Y[i])).ToArray();
        Assert.Equal(2, xPlane.Length);
        Assert.Equal(750, xPlane.Where(i => Math.Abs(noiseless.X[i] + 0.005) < 1e-12).Sum(i => noiseless.ChargeE[i]), 1e-9);
        Assert.Equal(250, xPlane.Where(i => Math.Abs(noiseless.X[i] - 0.005) < 1e-12).Sum(i => noiseless.ChargeE[i]), 1e-9);
        Assert.Equal(2000, noiseless.TotalChargeE(), 1e-9); // both planes see all the charge
    }

    [Theory]
    [InlineData(10, 0.3)]
    [InlineData(1000, 0.3)]
    [InlineData(12, 0.97)]
    [InlineData(2_000_000, 3.167e-5)]
    public void Binomial_has_the_right_mean_and_variance(long n, double p)
    {
        var rng = TrackRandom.For(11, "binomial", $"{n}-{p}");
        const int draws = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < draws; i++)
        {
            double k = rng.Binomial(n, p);
            Assert.InRange(k, 0, n);
            s += k; s2 += k * k;
        }
        double mean = s / draws, variance = s2 / draws - mean * mean;
        double trueVar = n * p * (1 - p);
        Assert.Equal(n * p, mean, 5 * Math.Sqrt(trueVar / draws));
        // Variance of the sample variance ~ 2 sigma^4 / N for near-Gaussian counts (plus a kurtosis term); allow 6 of those.
        Assert.Equal(trueVar, variance, 6 * trueVar * Math.Sqrt(3.0 / draws) + 1e-9);
    }

    [Fact]
    public void Gaussian_has_unit_variance()
    {
        var rng = TrackRandom.For(1, "g", "g");
        const int draws = 400_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < draws; i++) { double g = rng.NextGaussian(); s += g; s2 += g * g; }
        Assert.Equal(0, s / draws, 5 / Math.Sqrt(draws));
        Assert.Equal(1, s2 / draws, 5 * Math.Sqrt(2.0 / draws));
    }
}
