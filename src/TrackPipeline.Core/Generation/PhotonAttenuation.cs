using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>The photon interactions the generator simulates (Rayleigh scattering is left out: it barely deflects and deposits nothing).</summary>
public enum PhotonInteraction { Photoelectric, Compton, Pair }

/// <summary>
/// Linear attenuation coefficients of liquid argon from the NIST XCOM mass coefficients
/// (<c>config/physics/argon_photon_xs.csv</c>), log-log interpolated, times the density. Units: 1/cm, MeV.
/// Pair production in the nuclear and the electron field (triplet) are summed and simulated alike.
/// </summary>
public sealed class PhotonAttenuation
{
    private readonly LogLogTable _incoherent, _photo, _pairNuclear, _pairElectron;
    private readonly double _density;

    public PhotonAttenuation(string csvPath, double densityGPerCm3)
    {
        var t = LogLogTable.ReadCsv(csvPath);
        var e = t["energy_MeV"];
        _incoherent = new LogLogTable(e, t["incoherent"]);
        _photo = new LogLogTable(e, t["photoelectric"]);
        _pairNuclear = new LogLogTable(e, t["pair_nuclear"]);
        _pairElectron = new LogLogTable(e, t["pair_electron"]);
        _density = densityGPerCm3;
    }

    public double Compton(double energyMeV) => _density * _incoherent.At(energyMeV);
    public double Photoelectric(double energyMeV) => _density * _photo.At(energyMeV);
    public double Pair(double energyMeV) =>
        energyMeV <= 2 * PhysicalConstants.ElectronMass ? 0.0 : _density * (_pairNuclear.At(energyMeV) + _pairElectron.At(energyMeV));

    /// <summary>Total of the simulated interactions, 1/cm.</summary>
    public double Total(double energyMeV) => Compton(energyMeV) + Photoelectric(energyMeV) + Pair(energyMeV);

    /// <summary>Chooses the interaction at <paramref name="energyMeV"/> in proportion to the partial coefficients.</summary>
    public PhotonInteraction Choose(double energyMeV, double uniform)
    {
        double c = Compton(energyMeV), p = Photoelectric(energyMeV), x = Pair(energyMeV);
        double u = uniform * (c + p + x);
        if (u < p) return PhotonInteraction.Photoelectric;
        if (u < p + c) return PhotonInteraction.Compton;
        return x > 0 ? PhotonInteraction.Pair : PhotonInteraction.Compton;
    }
}
