namespace TrackPipeline.Drift;

/// <summary>
/// The liquid (argon) as the drift and readout see it. Loaded from <c>config/medium/&lt;name&gt;.json</c>,
/// where every number carries its unit and source; no default lives in code.
/// </summary>
public sealed record MediumSettings
{
    /// <summary>Element name, e.g. <c>Ar</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Mean energy per electron-ion pair, eV (reference config 22 eV; literature 23.6 eV).</summary>
    public required double WEv { get; init; }
    /// <summary>Fraction of ionization electrons lost to recombination.</summary>
    public required double Recombination { get; init; }
    /// <summary>Deposited energy per electron that escapes recombination, keV: W / (1 - recombination).</summary>
    public double KeVPerCollectedElectron => WEv * 1e-3 / (1 - Recombination);
    /// <summary>Fano factor of the ionization count.</summary>
    public required double Fano { get; init; }
    /// <summary>Liquid temperature, K: the mobility and the electron energy scale with it.</summary>
    public required double TemperatureK { get; init; }
    /// <summary>Transverse diffusion constant D_T, m^2/s (held constant, as in the reference).</summary>
    public required double TransverseDiffusionM2PerS { get; init; }
    /// <summary>Li et al. mobility parametrisation coefficients and reference temperature.</summary>
    public required MobilityParametrisation Mobility { get; init; }
    /// <summary>Li et al. longitudinal electron energy (epsilon_L) coefficients and reference temperature.</summary>
    public required ElectronEnergyParametrisation ElectronEnergy { get; init; }
}

/// <summary>
/// mu(E, T) = (a0 + a1 E + a2 E^1.5 + a3 E^2.5) / (1 + (a1/a0) E + a4 E^2 + a5 E^3) (T/T0)^-1.5, in cm^2/(V s),
/// E in kV/cm (Li et al., NIM A 816 (2016) 160, arXiv:1508.07059).
/// </summary>
public sealed record MobilityParametrisation(double A0, double A1, double A2, double A3, double A4, double A5, double ReferenceTemperatureK);

/// <summary>
/// epsilon_L(E, T) = (b0 + b1 E + b2 E^2) / (1 + (b1/b0) E + b3 E^2) (T/T1), in eV, E in kV/cm (Li et al.).
/// </summary>
public sealed record ElectronEnergyParametrisation(double B0, double B1, double B2, double B3, double ReferenceTemperatureK);
