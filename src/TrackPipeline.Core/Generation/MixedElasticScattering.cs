using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// PENELOPE's mixed scheme for elastic scattering (PENELOPE 2008 manual, sec. 4.1-4.3), used for the coarse
/// primaries that mimic the sample's 20 and 50 MeV folders (their cards: C1 = C2 = 0.02, DSMAX = 1e35).
/// Elastic collisions that deflect by more than a cut mu_c are "hard" and simulated one by one, with mean free path
/// <code>
///   lambda_h = max(lambda_el, min(C1 lambda_1, C2 E / S(E)))
/// </code>
/// (C1 bounds the mean deflection between hard events, C2 the fractional energy loss); the softer ones are lumped
/// into one deflection at the random hinge of each step, with the transport mean free path of the soft part.
/// The shape is the Wentzel cross section p(mu) = A (1 + A) / (mu + A)^2, mu = (1 - cos theta)/2, with Moliere's
/// screening A (<see cref="MultipleScattering.ScreeningParameter"/>), scaled so that its lambda_1 is the one of the
/// physics tables (Mott factor and electron part included): lambda_el = 2 &lt;mu&gt; lambda_1. PENELOPE uses ELSEPA
/// partial-wave cross sections instead; the Wentzel tail is the single-scattering limit both share at large angles.
/// The visible difference from the fine class II steps: straight runs of ~lambda_h broken by single kinks of
/// mu &gt; mu_c, instead of a deflection of the step's full multiple-scattering angle at every step.
/// </summary>
public readonly record struct MixedElasticScattering(double HardMeanFreePathCm, double SoftTransportMeanFreePathCm, double Screening, double HardFromCdf)
    : ISoftScattering
{
    /// <param name="lambda1Cm">First transport mean free path of all elastic scattering (cm).</param>
    /// <param name="screening">Wentzel screening parameter A.</param>
    /// <param name="totalStoppingMeVPerCm">Total (collision + radiative) stopping power, PENELOPE's S(E) in the C2 criterion.</param>
    public static MixedElasticScattering At(double kineticMeV, double lambda1Cm, double screening, double totalStoppingMeVPerCm, double c1, double c2)
    {
        double a = screening;
        double lambdaEl = 2 * MultipleScattering.MeanMu(a) * lambda1Cm;
        double lambdaH = Math.Max(lambdaEl, Math.Min(c1 * lambda1Cm, c2 * kineticMeV / totalStoppingMeVPerCm));
        // Share of collisions that are soft: the Wentzel CDF at mu_c, CDF(mu) = mu (1 + A) / (mu + A).
        double g = Math.Clamp(1 - lambdaEl / lambdaH, 0, 1);
        double muC = g * a / (1 + a - g);
        // <mu> of the soft collisions per collision: A (1 + A) int_0^mu_c mu / (mu + A)^2 dmu.
        double softMeanMu = a * (1 + a) * (Math.Log(1 + muC / a) - muC / (muC + a));
        double softLambda1 = softMeanMu > 0 ? lambdaEl / (2 * softMeanMu) : double.PositiveInfinity;
        return new MixedElasticScattering(lambdaH, softLambda1, a, g);
    }

    /// <summary>cos theta of one hard elastic collision: the Wentzel shape above mu_c (inverse CDF from the soft share up).</summary>
    public double SampleHardCosTheta(TrackRandom rng)
    {
        double u = HardFromCdf + (1 - HardFromCdf) * rng.NextDouble();
        double mu = Screening * u / (1 + Screening - u);
        return 1 - 2 * mu;
    }

    /// <summary>cos theta of the soft deflection over a step of <paramref name="stepCm"/> (at its random hinge).</summary>
    public double SampleSoftCosTheta(double stepCm, TrackRandom rng) =>
        double.IsPositiveInfinity(SoftTransportMeanFreePathCm) ? 1.0 : MultipleScattering.SampleCosTheta(stepCm / SoftTransportMeanFreePathCm, rng);

    double ISoftScattering.SampleCosTheta(double stepCm, TrackRandom rng) => SampleSoftCosTheta(stepCm, rng);
}
