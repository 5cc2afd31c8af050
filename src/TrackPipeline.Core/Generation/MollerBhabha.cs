using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Hard inelastic collisions of electrons (Moller) and positrons (Bhabha) with atomic electrons, treated as free:
/// the differential cross sections in the fraction eps = W/T of the kinetic energy given to the delta ray
/// (Moller 1932; Bhabha 1936; the forms of Geant4 <c>G4MollerBhabhaModel</c>), per electron:
/// Moller: d(sigma)/d(eps) = 2 pi r_e^2 m / (beta^2 T) [1/eps^2 + 1/(1-eps)^2 + ((g-1)/g)^2 - (2g-1)/g^2 / (eps (1-eps))], eps &lt;= 1/2;
/// Bhabha: d(sigma)/d(eps) = 2 pi r_e^2 m / (beta^2 T) (1/eps^2) [1 - beta^2 eps (b1 - eps (b2 - eps (b3 - eps b4)))], eps &lt;= 1.
/// Energies in MeV.
/// </summary>
public static class MollerBhabha
{
    /// <summary>The bracket of the Moller cross section times eps^2 (at most 2.25).</summary>
    internal static double MollerShape(double eps, double gamma)
    {
        double g2 = gamma * gamma;
        double a = (gamma - 1) / gamma;
        double r = eps / (1 - eps);
        return 1 + r * r + a * a * eps * eps - (2 * gamma - 1) / g2 * r;
    }

    /// <summary>The bracket of the Bhabha cross section times eps^2 (at most 1).</summary>
    internal static double BhabhaShape(double eps, double gamma)
    {
        double beta2 = 1 - 1 / (gamma * gamma);
        double y = 1 / (1 + gamma), y2 = y * y, y12 = 1 - 2 * y;
        double b1 = 2 - y2, b2 = y12 * (3 + y2), y122 = y12 * y12, b4 = y122 * y12, b3 = b4 + y122;
        return 1 - beta2 * eps * (b1 - eps * (b2 - eps * (b3 - eps * b4)));
    }

    /// <summary>Largest fraction a delta ray can take: 1/2 for electrons (indistinguishable), 1 for positrons.</summary>
    public static double MaxFraction(bool positron) => positron ? 1.0 : 0.5;

    /// <summary>
    /// Per-electron cross section above <paramref name="cutMeV"/> (cm^2) and the mean energy it takes
    /// (MeV cm^2), by Simpson integration in ln eps.
    /// </summary>
    public static (double Sigma, double EnergyLoss) Integrals(double kineticMeV, double cutMeV, bool positron)
    {
        double epsMin = cutMeV / kineticMeV, epsMax = MaxFraction(positron);
        if (epsMin >= epsMax) return (0, 0);
        double gamma = 1 + kineticMeV / ElectronMass, beta2 = 1 - 1 / (gamma * gamma);
        double k = 2 * Math.PI * ClassicalElectronRadius * ClassicalElectronRadius * ElectronMass / (beta2 * kineticMeV);
        const int n = 200; // even
        double a = Math.Log(epsMin), b = Math.Log(epsMax), h = (b - a) / n;
        double sigma = 0, loss = 0;
        for (int i = 0; i <= n; i++)
        {
            double eps = Math.Exp(a + i * h);
            double shape = positron ? BhabhaShape(eps, gamma) : MollerShape(eps, gamma);
            double dsde = k * shape / (eps * eps); // per unit eps
            double w = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sigma += w * dsde * eps;                  // d(eps) = eps d(ln eps)
            loss += w * dsde * eps * eps * kineticMeV;
        }
        return (sigma * h / 3, loss * h / 3);
    }

    /// <summary>Samples the delta ray's kinetic energy (MeV): eps from 1/eps^2, kept with probability shape/bound.</summary>
    public static double SampleDeltaEnergy(double kineticMeV, double cutMeV, bool positron, TrackRandom rng)
    {
        double epsMin = cutMeV / kineticMeV, epsMax = MaxFraction(positron);
        double gamma = 1 + kineticMeV / ElectronMass;
        double bound = positron ? 1.0 : 2.25;
        while (true)
        {
            double u = rng.NextDouble();
            double eps = epsMin * epsMax / (epsMax - u * (epsMax - epsMin));
            double shape = positron ? BhabhaShape(eps, gamma) : MollerShape(eps, gamma);
            if (rng.NextDouble() * bound <= shape) return eps * kineticMeV;
        }
    }

    /// <summary>Polar angle cosine of a particle of kinetic energy <paramref name="t"/> after a free binary collision of a projectile of <paramref name="t0"/>.</summary>
    public static double BinaryCollisionCosine(double t, double t0)
    {
        double c = Math.Sqrt(t * (t0 + 2 * ElectronMass) / (t0 * (t + 2 * ElectronMass)));
        return Math.Min(1.0, c);
    }
}
