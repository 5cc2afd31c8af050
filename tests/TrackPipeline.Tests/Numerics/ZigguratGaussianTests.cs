using TrackPipeline.Numerics;
using TrackPipeline.Readout;

namespace TrackPipeline.Tests.Numerics;

/// <summary>
/// The ziggurat must draw the standard normal distribution itself, not something with its first two moments: a wrong
/// layer table or wedge test shows as a bump in the histogram, a wrong tail beyond R = 3.65 as too many or too few
/// deviates out there. 4 million deviates from one fixed stream, compared with the exact probabilities.
/// </summary>
public class ZigguratGaussianTests
{
    private const int Draws = 4_000_000;

    private static double[] Deviates(ulong seed)
    {
        var random = new TrackRandom(seed);
        var g = new double[Draws];
        for (int i = 0; i < Draws; i++) g[i] = ZigguratGaussian.Next(random);
        return g;
    }

    [Fact]
    public void Moments_are_those_of_the_standard_normal()
    {
        var g = Deviates(20261128);
        double s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        foreach (var x in g) { double x2 = x * x; s1 += x; s2 += x2; s3 += x2 * x; s4 += x2 * x2; }
        double n = Draws;
        // Standard errors of the sample moments of N(0, 1): sqrt(1/N), sqrt(2/N), sqrt(15/N), sqrt(96/N); allow 5 of each.
        Assert.Equal(0.0, s1 / n, 5 * Math.Sqrt(1 / n));
        Assert.Equal(1.0, s2 / n, 5 * Math.Sqrt(2 / n));
        Assert.Equal(0.0, s3 / n, 5 * Math.Sqrt(15 / n));
        Assert.Equal(3.0, s4 / n, 5 * Math.Sqrt(96 / n));
    }

    [Fact]
    public void Histogram_matches_the_normal_density_in_the_core_the_wedges_and_the_tail()
    {
        var g = Deviates(7);
        // Bins of 0.1 from -5 to 5 (the layers' wedges are 0.002-0.2 wide: a wrong wedge test shifts whole bins), plus
        // the two tails beyond 5.
        const double width = 0.1, edge = 5.0;
        int bins = (int)Math.Round(2 * edge / width);
        var counts = new long[bins + 2];
        foreach (var x in g)
        {
            int b = x < -edge ? 0 : x >= edge ? bins + 1 : 1 + Math.Min(bins - 1, (int)Math.Floor((x + edge) / width));
            counts[b]++;
        }
        double chiSquare = 0;
        int used = 0;
        for (int b = 0; b < counts.Length; b++)
        {
            double lo = b == 0 ? double.NegativeInfinity : -edge + (b - 1) * width;
            double hi = b == bins + 1 ? double.PositiveInfinity : -edge + b * width;
            double expected = Draws * (Below(hi) - Below(lo));
            if (expected < 20) continue; // the far tails: counted by the tail test below
            chiSquare += (counts[b] - expected) * (counts[b] - expected) / expected;
            used++;
        }
        // chi-square of ~100 degrees of freedom: mean 100, sd 14; 170 is 5 sd above, and a wrong layer gives thousands.
        Assert.InRange(chiSquare, 0, used + 5 * Math.Sqrt(2.0 * used));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(3.6541528853610088)] // R: the base layer's rectangle ends here, the exponential tail sampler begins
    [InlineData(4.0)]
    [InlineData(4.5)]
    public void Both_tails_hold_the_normal_probability(double a)
    {
        var g = Deviates(11);
        long above = 0, below = 0;
        foreach (var x in g)
        {
            if (x > a) above++;
            if (x < -a) below++;
        }
        double p = GaussianTail.UpperProbability(a);
        double sigma = Math.Sqrt(Draws * p * (1 - p));
        Assert.Equal(Draws * p, above, 5 * sigma + 1);
        Assert.Equal(Draws * p, below, 5 * sigma + 1);
    }

    [Fact]
    public void A_stream_is_reproducible()
    {
        var a = new TrackRandom(42);
        var b = new TrackRandom(42);
        for (int i = 0; i < 10_000; i++) Assert.Equal(ZigguratGaussian.Next(a), ZigguratGaussian.Next(b));
    }

    [Fact]
    public void A_state_taken_out_of_the_stream_draws_the_streams_own_deviates()
    {
        // The drift draws from TrackRandom.Take's state in registers; it must be the same stream, rare draws (wedge and
        // tail, ~1 % of deviates, through the owner) included, and give the owner back a state that continues alike.
        var owner = new TrackRandom(20261129);
        var reference = new TrackRandom(20261129);
        var state = owner.Take();
        int rare = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double expected = ZigguratGaussian.Next(reference);
            double drawn = ZigguratGaussian.Next(ref state, owner);
            Assert.Equal(expected, drawn);
            if (Math.Abs(drawn) > 2.5) rare++;
        }
        owner.Put(state);
        Assert.True(rare > 100, $"only {rare} deviates beyond 2.5 sigma: the wedge and tail were hardly drawn");
        Assert.Equal(reference.NextUInt64(), owner.NextUInt64());
    }

    private static double Below(double x) =>
        double.IsNegativeInfinity(x) ? 0 : double.IsPositiveInfinity(x) ? 1 : x < 0 ? GaussianTail.UpperProbability(-x) : 1 - GaussianTail.UpperProbability(x);
}
