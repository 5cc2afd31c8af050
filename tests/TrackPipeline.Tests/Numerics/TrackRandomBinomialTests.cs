using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Numerics;

/// <summary>
/// <see cref="TrackRandom.Binomial"/> skips q^n when the uniform lies surely below it (Bernoulli's inequality). That must
/// change nothing: the same draws, from the same stream, as the plain inversion from 0 it shortcuts.
/// </summary>
public class TrackRandomBinomialTests
{
    /// <summary>The inversion from 0 as it was, without the shortcut (p &lt;= 1/2, n p &lt; 16).</summary>
    private static long PlainInversion(TrackRandom random, long n, double p)
    {
        double q = 1.0 - p, ratio = p / q;
        while (true)
        {
            double u = random.NextDouble();
            double f = Math.Exp(n * double.LogP1(-p));
            for (long k = 0; ; k++)
            {
                if (u < f) return k;
                u -= f;
                if (k == n) break;
                f *= (n - k) / (double)(k + 1) * ratio;
            }
        }
    }

    [Theory]
    [InlineData(1, 1e-3)]
    [InlineData(12, 7e-4)]      // the drift's capture: sub-clumps of <= 12.5 e, 10 ms lifetime
    [InlineData(13, 0.02)]
    [InlineData(40, 0.3)]
    [InlineData(1_000_000, 3e-6)] // noise triggers among the empty voxels of a read region
    public void Gives_the_draws_of_the_plain_inversion(long n, double p)
    {
        var shortcut = new TrackRandom(20261127);
        var plain = new TrackRandom(20261127);
        long zeros = 0;
        for (int i = 0; i < 20_000; i++)
        {
            long a = shortcut.Binomial(n, p);
            Assert.Equal(PlainInversion(plain, n, p), a);
            if (a == 0) zeros++;
        }
        // Both streams were advanced alike, so they continue alike.
        Assert.Equal(plain.NextUInt64(), shortcut.NextUInt64());
        // And the law is right: P(0) = q^n.
        double expectedZeros = 20_000 * Math.Pow(1 - p, n);
        Assert.InRange(zeros, expectedZeros - 5 * Math.Sqrt(expectedZeros + 1) - 1, expectedZeros + 5 * Math.Sqrt(expectedZeros + 1) + 1);
    }

    [Fact]
    public void Survival_near_one_is_drawn_through_the_rarer_outcome_alike()
    {
        // The drift asks Binomial(size, survival) with survival ~ 0.999: n - Binomial(n, 1 - survival).
        var shortcut = new TrackRandom(7);
        var plain = new TrackRandom(7);
        for (int i = 0; i < 20_000; i++)
            Assert.Equal(12 - PlainInversion(plain, 12, 1.0 - 0.9993), shortcut.Binomial(12, 0.9993));
    }
}
