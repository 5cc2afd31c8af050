using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Urban's fit to Tsai's angular distribution (Geant4 <c>G4ModifiedTsai</c>): theta = u m_e c^2 / E_total with
/// f(u) ~ u exp(-0.625 u) + 27 u exp(-1.875 u), i.e. a 25 % / 75 % mixture of Gamma(2) with rates 0.625 and 1.875.
/// Used for pair leptons and bremsstrahlung photons.
/// </summary>
public static class TsaiAngle
{
    public static double SampleU(TrackRandom rng)
    {
        double rate = rng.NextDouble() < 0.25 ? 0.625 : 1.875;
        return -Math.Log(rng.NextDoubleNonZero() * rng.NextDoubleNonZero()) / rate;
    }

    /// <summary>Polar angle (rad) for a particle of total energy <paramref name="totalEnergyMeV"/>, capped at pi.</summary>
    public static double SampleTheta(double totalEnergyMeV, TrackRandom rng) =>
        Math.Min(Math.PI, SampleU(rng) * PhysicalConstants.ElectronMass / totalEnergyMeV);
}
