using TrackPipeline.Pipeline;

namespace TrackPipeline.Generation;

/// <summary>
/// Bremsstrahlung of electrons and positrons. The total radiated energy per length is the ESTAR radiative
/// stopping power S_rad (<c>config/physics/argon_estar.csv</c>; ESTAR has no positron values, so positrons use the
/// electron's). The photon spectrum shape is the complete-screening form (PDG, Tsai 1974),
/// k dN/dk ~ phi(y) = 4/3 - 4/3 y + y^2, y = k/T, whose integral over (0, 1] is 1. So photons above the cut k_c are
/// emitted at rho S_rad / T * integral_{y_c}^1 phi(y)/y dy per cm, and the energy radiated below the cut,
/// rho S_rad integral_0^{y_c} phi dy, is a continuous loss. The photon leaves at theta = u m_e/E (the Tsai/Urban
/// u-distribution, as Geant4 does). At MeV energies the true spectrum is softer still (no screening); this model
/// is the simple, documented approximation.
/// </summary>
public static class Bremsstrahlung
{
    private static double Phi(double y) => 4.0 / 3.0 - 4.0 / 3.0 * y + y * y;

    /// <summary>Photons above the cut per cm. <paramref name="radiativeStopping"/> is rho S_rad in MeV/cm.</summary>
    public static double EmissionRate(double kineticMeV, double radiativeStopping, double cutMeV)
    {
        if (kineticMeV <= cutMeV) return 0.0;
        double yc = cutMeV / kineticMeV;
        double integral = 4.0 / 3.0 * Math.Log(1 / yc) - 4.0 / 3.0 * (1 - yc) + 0.5 * (1 - yc * yc);
        return radiativeStopping / kineticMeV * integral;
    }

    /// <summary>Energy radiated below the cut per cm (MeV/cm).</summary>
    public static double SoftLoss(double kineticMeV, double radiativeStopping, double cutMeV)
    {
        double yc = Math.Min(1.0, cutMeV / kineticMeV);
        return radiativeStopping * (4.0 / 3.0 * yc - 2.0 / 3.0 * yc * yc + yc * yc * yc / 3.0);
    }

    /// <summary>Photon energy: y log-uniform in [y_c, 1], kept with probability phi(y) / (4/3).</summary>
    public static double SamplePhotonEnergy(double kineticMeV, double cutMeV, TrackRandom rng)
    {
        while (true)
        {
            double k = cutMeV * Math.Pow(kineticMeV / cutMeV, rng.NextDouble());
            if (rng.NextDouble() * 4.0 / 3.0 <= Phi(k / kineticMeV)) return k;
        }
    }
}
