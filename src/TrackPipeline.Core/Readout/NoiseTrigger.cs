using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Gaussian electronic noise and a fixed threshold on one kind of sample. Charged samples get a Gaussian draw
/// each (<see cref="ZigguratGaussian"/>); for the (many) empty samples of a read region only the number that cross threshold is drawn,
/// Binomial(n_empty, P(noise &gt; threshold)), and each gets a value from the Gaussian tail: the same
/// statistics as drawing noise on every empty sample, at a cost that follows the charge, not the volume.
/// </summary>
internal sealed class NoiseTrigger
{
    /// <param name="noiseE">Noise sigma, electrons.</param>
    /// <param name="thresholdE">A sample triggers when its noisy value exceeds this, electrons.</param>
    public NoiseTrigger(double noiseE, double thresholdE)
    {
        NoiseE = noiseE;
        ThresholdE = thresholdE;
        ThresholdSigmas = thresholdE / noiseE;
        EmptyTriggerProbability = GaussianTail.UpperProbability(ThresholdSigmas);
    }

    public double NoiseE { get; }
    public double ThresholdE { get; }
    public double ThresholdSigmas { get; }
    /// <summary>P(noise alone exceeds threshold) for one empty sample.</summary>
    public double EmptyTriggerProbability { get; }

    public bool Read(double chargeE, TrackRandom random, out double noisyE)
    {
        noisyE = chargeE + NoiseE * ZigguratGaussian.Next(random);
        return noisyE > ThresholdE;
    }

    public long EmptyTriggerCount(long emptySamples, TrackRandom random) =>
        emptySamples <= 0 ? 0 : random.Binomial(emptySamples, EmptyTriggerProbability);

    /// <summary>The noisy value of an empty sample known to have triggered.</summary>
    public double EmptyTriggerValue(TrackRandom random) => NoiseE * random.NextGaussianTail(ThresholdSigmas);
}

/// <summary>Upper tail of the standard normal distribution.</summary>
public static class GaussianTail
{
    /// <summary>P(X &gt; x) for X ~ N(0, 1): erfc(x / sqrt 2) / 2 (Chebyshev fit to erfc, relative error &lt; 1.2e-7; Numerical Recipes 6.2).</summary>
    public static double UpperProbability(double x) => 0.5 * Erfc(x / Math.Sqrt(2.0));

    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
            t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
