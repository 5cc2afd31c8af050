using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Classification;

/// <summary>The efficiency plot's error bars: the one-sigma Wilson score interval.</summary>
public sealed class EfficiencyIntervalTests
{
    [Fact]
    public void All_or_nothing_of_a_few_tracks_is_not_a_certainty()
    {
        // 1 of 1: Wilson with z = 1 gives [1/2, 1]; 0 of 1: [0, 1/2].
        var (lo, hi) = EfficiencyPlot.OneSigmaInterval(1, 1);
        Assert.Equal(0.5, lo, 12);
        Assert.Equal(1.0, hi, 12);
        (lo, hi) = EfficiencyPlot.OneSigmaInterval(0, 1);
        Assert.Equal(0.0, lo, 12);
        Assert.Equal(0.5, hi, 12);
    }

    [Theory]
    [InlineData(5, 10)]
    [InlineData(80, 100)]
    [InlineData(9000, 10000)]
    public void Many_tracks_approach_the_normal_sigma(int correct, int total)
    {
        // For large n the interval tends to p +- sqrt(p(1-p)/n), centred on p.
        double p = correct / (double)total, sigma = Math.Sqrt(p * (1 - p) / total);
        var (lo, hi) = EfficiencyPlot.OneSigmaInterval(correct, total);
        Assert.True(lo < p && p < hi);
        Assert.Equal(2 * sigma, hi - lo, 2 * sigma * (total >= 1000 ? 0.01 : 0.1));
    }
}
