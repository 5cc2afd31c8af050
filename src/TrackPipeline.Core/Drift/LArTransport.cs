namespace TrackPipeline.Drift;

/// <summary>
/// Electron transport in the liquid at one field: mobility, drift velocity and the longitudinal diffusion
/// constant from the Li et al. parametrisation (arXiv:1508.07059), with the temperature scaling of the
/// reference (<c>charge_drift_tools.properties</c>): mu ~ (T/T0)^-1.5, epsilon_L ~ T/T1. D_T is a constant setting.
/// </summary>
public sealed class LArTransport
{
    public LArTransport(MediumSettings medium, double fieldVPerM)
    {
        if (!(fieldVPerM > 0)) throw new ArgumentOutOfRangeException(nameof(fieldVPerM), fieldVPerM, "the drift field must be positive");
        FieldVPerM = fieldVPerM;
        double e = fieldVPerM / 1e5; // the parametrisation takes kV/cm
        var a = medium.Mobility;
        MobilityCm2PerVs = (a.A0 + a.A1 * e + a.A2 * Math.Pow(e, 1.5) + a.A3 * Math.Pow(e, 2.5))
            / (1 + a.A1 / a.A0 * e + a.A4 * e * e + a.A5 * e * e * e)
            * Math.Pow(medium.TemperatureK / a.ReferenceTemperatureK, -1.5);
        var b = medium.ElectronEnergy;
        ElectronEnergyEv = (b.B0 + b.B1 * e + b.B2 * e * e) / (1 + b.B1 / b.B0 * e + b.B3 * e * e)
            * (medium.TemperatureK / b.ReferenceTemperatureK);
        DriftVelocityMPerS = MobilityCm2PerVs * 1e-4 * fieldVPerM;
        // Einstein-like relation with the field-heated electron energy: D_L = mu epsilon_L (cm^2/s -> m^2/s).
        LongitudinalDiffusionM2PerS = MobilityCm2PerVs * ElectronEnergyEv * 1e-4;
        TransverseDiffusionM2PerS = medium.TransverseDiffusionM2PerS;
    }

    public double FieldVPerM { get; }
    public double MobilityCm2PerVs { get; }
    /// <summary>Mean longitudinal electron energy epsilon_L, eV.</summary>
    public double ElectronEnergyEv { get; }
    public double DriftVelocityMPerS { get; }
    public double LongitudinalDiffusionM2PerS { get; }
    public double TransverseDiffusionM2PerS { get; }

    /// <summary>Drift time over <paramref name="distanceM"/>, s.</summary>
    public double DriftTimeS(double distanceM) => distanceM / DriftVelocityMPerS;
}
