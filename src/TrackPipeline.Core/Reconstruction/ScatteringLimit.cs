namespace TrackPipeline.Reconstruction;

/// <summary>
/// Multiple scattering in the medium: Highland's width over a path, the direction error of a short line fit, and the
/// optimal single-track angular resolution of a homogeneous tracker (D. Bernard, NIM A 729 (2013) 765, sec. 3;
/// also Frosini and Bernard, NIM A 867 (2017) 182, arXiv:1706.05863): sigma_theta = (p / p1)^(-3/4) with
/// p1 = p0 (4 sigma^2 l / X0^3)^(1/6), sigma the point resolution and l the sampling pitch.
/// </summary>
public sealed class ScatteringLimit(double radiationLengthCm, double highlandScaleMeV, double highlandLogCoefficient)
{
    /// <summary>The medium's constants from the reconstruction settings (X0 and Highland's two constants, config/analysis.json).</summary>
    public static ScatteringLimit From(ReconstructionSettings settings) =>
        new(settings.RadiationLengthCm, settings.HighlandScaleMeV, settings.HighlandLogCoefficient);

    public double RadiationLengthCm => radiationLengthCm;

    private const double ElectronMassMeV = 0.51099895;   // CODATA 2018

    /// <summary>Highland's projected rms angle after <paramref name="pathCm"/> for an electron of kinetic energy T.</summary>
    public double HighlandRad(double kineticMeV, double pathCm)
    {
        if (!(pathCm > 0) || !(kineticMeV > 0)) return 0;
        double total = kineticMeV + ElectronMassMeV;
        double p = Math.Sqrt(total * total - ElectronMassMeV * ElectronMassMeV);
        double beta = p / total;
        double x = pathCm / radiationLengthCm;
        return highlandScaleMeV / (beta * p) * Math.Sqrt(x) * Math.Max(0, 1 + highlandLogCoefficient * Math.Log(x));
    }

    /// <summary>
    /// Projected error of a direction fitted through a known start over <paramref name="fitCm"/>: the scattering
    /// over the fit displaces the charge centroid by about theta0 L / sqrt(3) at L / 2 (hence theta0 / sqrt(3))
    /// and the pitch limits the chord to about (pitch / sqrt(12)) / (L / 2).
    /// </summary>
    public double LineFitErrorRad(double kineticMeV, double fitCm, double pitchCm)
    {
        double scattering = HighlandRad(kineticMeV, fitCm) / Math.Sqrt(3);
        double resolution = pitchCm / Math.Sqrt(12) / (0.5 * fitCm);
        return Math.Sqrt(scattering * scattering + resolution * resolution);
    }

    /// <summary>Bernard's optimal projected single-track resolution at momentum p for a point resolution and sampling pitch.</summary>
    public double BernardSingleTrackRad(double momentumMeV, double pointSigmaCm, double samplingCm)
    {
        double p1 = highlandScaleMeV * Math.Pow(4 * pointSigmaCm * pointSigmaCm * samplingCm / Math.Pow(radiationLengthCm, 3), 1.0 / 6);
        return Math.Pow(momentumMeV / p1, -0.75);
    }

    public static double MomentumMeV(double kineticMeV) => Math.Sqrt(kineticMeV * (kineticMeV + 2 * ElectronMassMeV));
}
