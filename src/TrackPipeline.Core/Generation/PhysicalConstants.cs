namespace TrackPipeline.Generation;

/// <summary>
/// Constants of the transport, in the generator's internal units: MeV and cm (CODATA 2018 values).
/// </summary>
internal static class PhysicalConstants
{
    /// <summary>Electron rest energy m_e c^2, MeV.</summary>
    public const double ElectronMass = 0.51099895;

    /// <summary>Classical electron radius r_e, cm.</summary>
    public const double ClassicalElectronRadius = 2.8179403262e-13;

    /// <summary>Avogadro's number, 1/mol.</summary>
    public const double Avogadro = 6.02214076e23;

    /// <summary>Fine-structure constant.</summary>
    public const double Alpha = 7.2973525693e-3;

    /// <summary>hbar c, MeV cm.</summary>
    public const double HbarC = 1.973269804e-11;

    /// <summary>Bohr radius, cm.</summary>
    public const double BohrRadius = 5.29177210903e-9;

    /// <summary>Argon: atomic number and molar mass (g/mol), XCOM file header.</summary>
    public const double ArgonZ = 18.0;
    public const double ArgonA = 39.948;
}
