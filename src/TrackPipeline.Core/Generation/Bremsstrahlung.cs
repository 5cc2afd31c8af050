using TrackPipeline.Pipeline;

namespace TrackPipeline.Generation;

/// <summary>
/// Bremsstrahlung of electrons and positrons. The total radiated energy per length is the ESTAR radiative
/// stopping power S_rad (<c>config/physics/argon_estar.csv</c>; ESTAR has no positron values, so positrons use the
/// electron's). The photon spectrum is taken as k dN/dk = constant on (0, T] (the flat "1/k" spectrum), so
/// photons above the cut k_c are emitted at a rate rho S_rad / T ln(T / k_c) per cm, with k log-uniform in [k_c, T],
/// and the energy radiated below the cut, rho S_rad k_c / T, is a continuous loss.
/// The photon leaves at theta = u m_e/E (the Tsai/Urban u-distribution, as Geant4 does).
/// </summary>
public static class Bremsstrahlung
{
    /// <summary>Photons above the cut per cm. <paramref name="radiativeStopping"/> is rho S_rad in MeV/cm.</summary>
    public static double EmissionRate(double kineticMeV, double radiativeStopping, double cutMeV) =>
        kineticMeV <= cutMeV ? 0.0 : radiativeStopping / kineticMeV * Math.Log(kineticMeV / cutMeV);

    /// <summary>Energy radiated below the cut per cm (MeV/cm).</summary>
    public static double SoftLoss(double kineticMeV, double radiativeStopping, double cutMeV) =>
        radiativeStopping * Math.Min(1.0, cutMeV / kineticMeV);

    /// <summary>Photon energy, log-uniform in [cut, T].</summary>
    public static double SamplePhotonEnergy(double kineticMeV, double cutMeV, TrackRandom rng) =>
        cutMeV * Math.Pow(kineticMeV / cutMeV, rng.NextDouble());
}
