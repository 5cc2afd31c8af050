using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Photoelectric absorption: the photoelectron leaves with the photon energy less the K binding energy (when the
/// photon is above the K edge; the shell is otherwise taken as L and the binding neglected), at an angle from the
/// Sauter-Gavrila K-shell distribution (sampled as Geant4 <c>G4SauterGavrilaAngularDistribution</c>). The vacancy
/// relaxes by K-alpha fluorescence with the K fluorescence yield, otherwise by Auger electrons absorbed in place.
/// </summary>
public static class Photoabsorption
{
    /// <summary>cos(theta) of a photoelectron of kinetic energy <paramref name="kineticMeV"/> relative to the photon.</summary>
    public static double SampleSauterCosine(double kineticMeV, TrackRandom rng)
    {
        double tau = kineticMeV / ElectronMass;
        if (tau > 50) return 1.0; // very forward
        double gamma = tau + 1, beta = Math.Sqrt(tau * (tau + 2)) / gamma;
        double a = (1 - beta) / beta, ap2 = a + 2;
        double b = 0.5 * beta * gamma * (gamma - 1) * (gamma - 2);
        double grej = 2 * (1 + a * b) / a;
        for (int i = 0; i < 1000; i++)
        {
            double q = rng.NextDouble();
            double z = 2 * a * (2 * q + ap2 * Math.Sqrt(q)) / (ap2 * ap2 - 4 * q);
            double g = (2 - z) * (1 / (a + z) + b);
            if (g >= rng.NextDouble() * grej) return Math.Clamp(1 - z, -1, 1);
        }
        return 1.0;
    }
}
