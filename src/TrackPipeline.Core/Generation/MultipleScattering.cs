using TrackPipeline.Pipeline;
using static TrackPipeline.Generation.PhysicalConstants;

namespace TrackPipeline.Generation;

/// <summary>
/// Multiple elastic scattering over a condensed-history step. The first transport mean free path lambda_1 is that of
/// the screened Rutherford (Wentzel) cross section with Moliere's screening parameter,
/// 1/lambda_1 = N 2 pi Z(Z+1) (e^2 / (p beta c))^2 [ln(1 + 1/A) - 1/(1 + A)],
/// A = (hbar c / (2 p c a))^2 (1.13 + 3.76 (alpha Z / beta)^2), a = 0.885 a_0 Z^(-1/3)
/// (Z(Z+1) counts scattering on the atomic electrons). Over a step s the exact mean deflection is
/// &lt;cos theta&gt; = exp(-s / lambda_1) (Lewis 1950); the angle is sampled from a screened-Rutherford shape
/// p(mu) ~ 1/(mu + A')^2, mu = (1 - cos theta)/2, whose A' is solved so that this first moment holds. This keeps
/// the Goudsmit-Saunderson mean exact and gives the single-scattering tail for short steps (an Urban/PENELOPE-style
/// simplification, not the full Goudsmit-Saunderson distribution).
/// </summary>
public static class MultipleScattering
{
    private const double E2 = 1.43996448e-13; // e^2 = alpha hbar c, MeV cm

    /// <summary>First transport mean free path in cm for kinetic energy <paramref name="kineticMeV"/>.</summary>
    public static double TransportMeanFreePath(double kineticMeV, double densityGPerCm3)
    {
        double z = ArgonZ;
        double pc = Math.Sqrt(kineticMeV * (kineticMeV + 2 * ElectronMass));
        double total = kineticMeV + ElectronMass;
        double beta = pc / total;
        double pbc = pc * beta;
        double a = 0.885 * BohrRadius * Math.Pow(z, -1.0 / 3.0);
        double screen = HbarC / (2 * pc * a);
        double aScreen = screen * screen * (1.13 + 3.76 * Math.Pow(Alpha * z / beta, 2));
        double atoms = densityGPerCm3 * Avogadro / ArgonA;
        double coulomb = E2 / pbc;
        double inv = atoms * 2 * Math.PI * z * (z + 1) * coulomb * coulomb * (Math.Log(1 + 1 / aScreen) - 1 / (1 + aScreen));
        return 1 / inv;
    }

    /// <summary>Mean of mu on [0, 1] under p(mu) ~ 1/(mu + A)^2.</summary>
    internal static double MeanMu(double a) => a * ((1 + a) * Math.Log((1 + a) / a) - 1);

    /// <summary>Samples cos(theta) for a step of <paramref name="stepOverLambda1"/> transport mean free paths.</summary>
    public static double SampleCosTheta(double stepOverLambda1, TrackRandom rng)
    {
        double meanMu = 0.5 * (1 - Math.Exp(-stepOverLambda1));
        if (meanMu >= 0.499) return 2 * rng.NextDouble() - 1; // isotropic limit
        if (meanMu <= 0) return 1.0;
        // Solve MeanMu(A) = meanMu; MeanMu rises monotonically from 0 (A -> 0) to 1/2 (A -> infinity).
        double lo = -40, hi = 12; // ln A
        for (int i = 0; i < 50; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (MeanMu(Math.Exp(mid)) < meanMu) lo = mid; else hi = mid;
            if (hi - lo < 1e-6) break;
        }
        double aS = Math.Exp(0.5 * (lo + hi));
        double u = rng.NextDouble();
        double mu = aS * u / (1 + aS - u);
        return 1 - 2 * mu;
    }
}
