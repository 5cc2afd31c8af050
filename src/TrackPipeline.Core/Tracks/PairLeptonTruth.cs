namespace TrackPipeline.Tracks;

/// <summary>
/// The two leptons of one pair creation at the vertex: kinetic energies and unit directions. Only the built-in
/// generator records them (pickle keys <c>pair_e_minus_energy</c>, <c>pair_e_plus_energy</c> (k,) keV and
/// <c>pair_e_minus_direction</c>, <c>pair_e_plus_direction</c> (3, k)); PENELOPE pickles do not.
/// </summary>
public readonly record struct PairLeptonTruth(double ElectronEnergyKev, Vec3 ElectronDirection, double PositronEnergyKev, Vec3 PositronDirection)
{
    /// <summary>Energy asymmetry |E- - E+| / (E- + E+): 0 for an even split, 1 when one lepton takes everything.</summary>
    public double Asymmetry
    {
        get
        {
            double sum = ElectronEnergyKev + PositronEnergyKev;
            return sum > 0 ? Math.Abs(ElectronEnergyKev - PositronEnergyKev) / sum : 0;
        }
    }
}
