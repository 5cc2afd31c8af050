using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Compton scattering on a free electron at rest: the Klein-Nishina distribution of eps = E'/E sampled with
/// the Butcher-Messel method (as in EGS4 and Geant4 <c>G4KleinNishinaCompton</c>): eps from 1/eps on
/// [eps0, 1] or from eps on the same range, accepted with g = 1 - eps sin^2(theta) / (1 + eps^2).
/// Binding (the incoherent scattering function) is neglected here; XCOM's total includes it.
/// </summary>
public static class ComptonScattering
{
    /// <summary>Returns eps = E'/E and cos(theta) of the scattered photon.</summary>
    public static (double Eps, double CosTheta) Sample(double energyMeV, TrackRandom rng)
    {
        double k = energyMeV / ElectronMass;
        double eps0 = 1 / (1 + 2 * k), eps0Sq = eps0 * eps0;
        double alpha1 = -Math.Log(eps0), alpha2 = alpha1 + 0.5 * (1 - eps0Sq);
        while (true)
        {
            double eps, epsSq;
            if (alpha1 > alpha2 * rng.NextDouble())
            {
                eps = Math.Exp(-alpha1 * rng.NextDouble());
                epsSq = eps * eps;
            }
            else
            {
                epsSq = eps0Sq + (1 - eps0Sq) * rng.NextDouble();
                eps = Math.Sqrt(epsSq);
            }
            double oneMinusCos = (1 - eps) / (eps * k);
            double sin2 = oneMinusCos * (2 - oneMinusCos);
            double g = 1 - eps * sin2 / (1 + epsSq);
            if (g >= rng.NextDouble()) return (eps, 1 - oneMinusCos);
        }
    }

    /// <summary>The Klein-Nishina d(sigma)/d(eps) up to a constant, for tests: (1/eps + eps)(1 - eps sin^2 / (1 + eps^2)).</summary>
    public static double KleinNishinaShape(double eps, double energyMeV)
    {
        double k = energyMeV / ElectronMass;
        double oneMinusCos = (1 - eps) / (eps * k);
        double sin2 = oneMinusCos * (2 - oneMinusCos);
        return (1 / eps + eps) * (1 - eps * sin2 / (1 + eps * eps));
    }

    /// <summary>Cosine of the recoil electron's angle for a photon of energy E scattered to eps E at cos(theta).</summary>
    public static double ElectronCosine(double energyMeV, double eps, double cosTheta)
    {
        double e1 = eps * energyMeV;
        double t = energyMeV - e1;
        if (t <= 0) return 1.0;
        double pe = Math.Sqrt(t * (t + 2 * ElectronMass));
        return Math.Clamp((energyMeV - e1 * cosTheta) / pe, -1.0, 1.0);
    }
}
