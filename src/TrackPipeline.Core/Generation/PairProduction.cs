using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Pair production: the energy sharing from the Bethe-Heitler cross section with Thomas-Fermi screening and the
/// Coulomb correction above 50 MeV, sampled as Geant4 <c>G4BetheHeitlerModel</c> does with its screening-function
/// fits (lar_constants.md sec. 8); uniform sharing below 2 MeV. The lepton angles are sampled apart from the sharing,
/// by <see cref="PairLeptonAngles"/> (PENELOPE's model, shipped) or <see cref="TsaiAngle"/> (config/generator.json
/// <c>pair_lepton_angles</c>). Triplet production is simulated like nuclear pair production.
/// </summary>
public static class PairProduction
{
    internal static double ScreenFunction1(double d) => d > 1.4 ? 42.038 - 8.29 * Math.Log(d + 0.958) : 42.184 - d * (7.444 - 1.623 * d);
    internal static double ScreenFunction2(double d) => d > 1.4 ? 42.038 - 8.29 * Math.Log(d + 0.958) : 41.326 - d * (5.848 - 0.902 * d);

    /// <summary>Fraction eps = E_total(e-)/E_gamma of the photon energy the electron takes.</summary>
    public static double SampleElectronFraction(double energyMeV, TrackRandom rng)
    {
        double eps0 = ElectronMass / energyMeV;
        double eps;
        if (energyMeV < 2.0)
        {
            eps = eps0 + (0.5 - eps0) * rng.NextDouble();
        }
        else
        {
            double z = ArgonZ, z3 = Math.Cbrt(z);
            double fz = 8 * Math.Log(z) / 3;
            if (energyMeV > 50)
            {
                double a = Alpha * z, a2 = a * a;
                double fc = a2 * (1 / (1 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2);
                fz += 8 * fc;
            }
            double screenFac = 136 * eps0 / z3;
            double screenMax = Math.Exp((42.038 - fz) / 8.29) - 0.958;
            double screenMin = Math.Min(4 * screenFac, screenMax);
            double eps1 = 0.5 - 0.5 * Math.Sqrt(1 - screenMin / screenMax);
            double epsMin = Math.Max(eps0, eps1), epsRange = 0.5 - epsMin;
            double f10 = ScreenFunction1(screenMin) - fz, f20 = ScreenFunction2(screenMin) - fz;
            double norm1 = Math.Max(f10 * epsRange * epsRange, 0), norm2 = Math.Max(1.5 * f20, 0);
            while (true)
            {
                double g;
                if (norm1 / (norm1 + norm2) > rng.NextDouble())
                {
                    eps = 0.5 - epsRange * Math.Cbrt(rng.NextDouble());
                    double screen = screenFac / (eps * (1 - eps));
                    g = (ScreenFunction1(screen) - fz) / f10;
                }
                else
                {
                    eps = epsMin + epsRange * rng.NextDouble();
                    double screen = screenFac / (eps * (1 - eps));
                    g = (ScreenFunction2(screen) - fz) / f20;
                }
                if (g >= rng.NextDouble()) break;
            }
        }
        // The sampling is symmetric in eps <-> 1 - eps: give the electron either side.
        return rng.NextDouble() < 0.5 ? eps : 1 - eps;
    }
}
