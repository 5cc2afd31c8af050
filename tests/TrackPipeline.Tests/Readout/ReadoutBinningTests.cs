using TrackPipeline.Numerics;
using TrackPipeline.Readout;

namespace TrackPipeline.Tests.Readout;

/// <summary>
/// The readout bins each clump with multiplications by reciprocals (one floor per axis for chip and pixel) instead of the
/// reference's divisions. It must be the same mapping: a clump may change pixel only where rounding decides, within a
/// hair of an edge. And the noise on charged voxels (now ziggurat Gaussians) must trigger at the normal probability.
/// </summary>
public class ReadoutBinningTests
{
    /// <summary>The reference's pixel index, as the readout computed it before: chip by division, then the focused local coordinate.</summary>
    private static int ReferenceIndex(double u, double chipOrigin, double chipPitch, double finePitch, int finePerChip, double focus)
    {
        int chip = (int)Math.Floor((u - chipOrigin) / chipPitch);
        double local = (u - (chipOrigin + (chip + 0.5) * chipPitch)) * focus;
        int f = (int)Math.Floor(local / finePitch + finePerChip / 2.0);
        if (f < 0) f = 0; else if (f >= finePerChip) f = finePerChip - 1;
        return chip * finePerChip + f;
    }

    [Theory]
    [InlineData(-0.405, 0.01, 0.0005)]   // GAMPixG: 1 cm chips, 0.5 mm pixels, 20 a chip
    [InlineData(-0.4, 0.01, 0.00045)]    // a focus below 1: 22 pixels of 0.45 mm span 9.9 mm of the 10 mm chip
    [InlineData(0.0, 0.0044, 0.0004)]    // 11 a chip
    public void Chip_pixel_index_is_the_reference_mapping_except_at_a_rounding_edge(double origin, double chipPitch, double finePitch)
    {
        var axis = new ChipPixelAxis(origin, chipPitch, finePitch);
        var random = new TrackRandom(99);
        int differ = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            double u = -0.5 + random.NextDouble(); // 50 cm across the anode
            int index = axis.Index(u, out int chip);
            Assert.Equal(axis.Chip(index), chip);
            int reference = ReferenceIndex(u, origin, chipPitch, finePitch, axis.FinePerChip, axis.Focus);
            if (index == reference) continue;
            differ++;
            // A different pixel only next door, and only when u lies within rounding of the edge between them.
            Assert.Equal(1, Math.Abs(index - reference));
            double pixelWidth = chipPitch / axis.FinePerChip; // the focus spreads the pixels over the whole chip
            double chipStart = origin + Math.Floor((u - origin) / chipPitch) * chipPitch;
            double fromEdge = Math.Abs(Math.IEEERemainder(u - chipStart, pixelWidth));
            Assert.True(fromEdge < 1e-12, $"u = {u} is {fromEdge} m from a pixel edge but binned {index} instead of {reference}");
        }
        Assert.True(differ < 10, $"{differ} of a million clumps binned differently");
    }

    [Fact]
    public void Chip_of_a_pixel_index_is_a_floor_division()
    {
        var axis = new ChipPixelAxis(0, 0.01, 0.0005);
        Assert.Equal(0, axis.Chip(0));
        Assert.Equal(0, axis.Chip(19));
        Assert.Equal(1, axis.Chip(20));
        Assert.Equal(-1, axis.Chip(-1));
        Assert.Equal(-1, axis.Chip(-20));
        Assert.Equal(-2, axis.Chip(-21));
    }

    [Fact]
    public void Bin_and_place_across_it()
    {
        var axis = new AxisBinning(-0.005, 0.01);
        Assert.Equal(0, axis.Index(-0.0025, out double fraction));
        Assert.Equal(0.25, fraction, 1e-12);
        Assert.Equal(-1, axis.Index(-0.0075, out fraction));
        Assert.Equal(0.75, fraction, 1e-12);
        Assert.Equal(0, AxisBinning.Collapsed.Index(123.0));
    }

    [Theory]
    [InlineData(0.0)]  // a charge of 0: noise alone, P = Q(4)
    [InlineData(30.0)] // 1 sigma below the threshold: P = Q(1)
    [InlineData(40.0)] // at the threshold: P = 1/2
    [InlineData(55.0)] // 1.5 sigma above: P = 1 - Q(1.5)
    public void A_charged_sample_triggers_at_the_normal_probability(double chargeE)
    {
        var trigger = new NoiseTrigger(noiseE: 10, thresholdE: 40);
        var random = TrackRandom.For(3, "charged", "readout.pixels");
        const int reads = 2_000_000;
        long fired = 0;
        double noiseSum = 0, noiseSquares = 0;
        for (int i = 0; i < reads; i++)
        {
            if (trigger.Read(chargeE, random, out double noisy)) fired++;
            double noise = noisy - chargeE;
            noiseSum += noise;
            noiseSquares += noise * noise;
        }
        double p = GaussianTail.UpperProbability((40 - chargeE) / 10);
        Assert.Equal(reads * p, fired, 5 * Math.Sqrt(reads * p * (1 - p)) + 1);
        Assert.Equal(0, noiseSum / reads, 5 * 10 / Math.Sqrt(reads));
        Assert.Equal(100, noiseSquares / reads, 5 * 100 * Math.Sqrt(2.0 / reads));
    }
}
