using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Bremsstrahlung of electrons and positrons. The total radiated energy per length is the ESTAR radiative
/// stopping power S_rad (<c>config/physics/argon_estar.csv</c>; ESTAR has no positron values, so positrons use the
/// electron's). Only the photon spectrum SHAPE comes from a formula: the Bethe-Heitler cross section with
/// Thomas-Fermi screening (Koch &amp; Motz 1959, Rev. Mod. Phys. 31, 920, formula 3BS(e); in this form EGS4
/// SLAC-265 eq. 2.7.14 and Geant4 G4eBremsstrahlungRelModel::ComputeDXSectionPerAtom without LPM),
/// <code>
///   k dsigma/dk ~ f(k) = (1 + (E'/E)^2) [phi1(delta)/4 - ln Z/3] - 2/3 (E'/E) [phi2(delta)/4 - ln Z/3],
///   delta = 136 m_e Z^(-1/3) k / (E E'),
/// </code>
/// E, E' the total electron energies before and after the emission, with the Butcher &amp; Messel (1960)
/// fits of the screening functions (EGS4; Geant4 G4eBremsstrahlungRelModel::ComputeScreeningFunctions):
/// delta &lt;= 1: phi1 = 20.867 - 3.242 delta + 0.625 delta^2, phi2 = 20.209 - 1.930 delta - 0.086 delta^2;
/// delta &gt; 1: phi1 = phi2 = 21.12 - 4.184 ln(delta + 0.952). The brackets are clamped at 0 near the tip.
/// For soft photons delta -> 0 (complete screening: f -> the PDG 4/3 - 4/3 y + y^2 shape); for hard photons at
/// MeV energies delta >> 1 (no screening) and f falls logarithmically towards the tip. The complete-screening
/// shape used before kept the hard end at 3/4 of the soft end, so for the same S_rad it emitted too few soft
/// photons at MeV energies. No Coulomb correction (EGS4 applies none below 50 MeV; it would change the
/// shape by &lt; 1 % for Ar); the Born approximation underestimates the tip below ~1 MeV (Elwert factor), which
/// the S_rad normalisation partly absorbs.
/// Per kinetic energy T: photons above the cut k_c are emitted at rho S_rad * I0 / I1 per cm, with
/// I0 = integral_{k_c}^T f(k)/k dk and I1 = integral_0^T f(k) dk, and the energy radiated below the cut,
/// rho S_rad * integral_0^{k_c} f dk / I1, is a continuous loss. The photon leaves at theta = u m_e/E
/// (the Tsai/Urban u-distribution, as Geant4 does).
/// </summary>
public static class Bremsstrahlung
{
    private static readonly double LnZ3 = Math.Log(ArgonZ) / 3.0;
    private static readonly double DeltaScale = 136.0 * ElectronMass * Math.Pow(ArgonZ, -1.0 / 3.0);

    /// <summary>Upper bound of <see cref="Shape"/>: 2 (phi1(0)/4 - ln Z/3) (the negative phi2 term dropped).</summary>
    private static readonly double ShapeMax = 2.0 * (20.867 / 4.0 - LnZ3);

    /// <summary>f(k) = k dsigma/dk up to a constant, for kinetic energy <paramref name="kineticMeV"/>.</summary>
    public static double Shape(double kineticMeV, double k)
    {
        if (k <= 0) k = 0;
        if (k >= kineticMeV) return 0.0;
        double e = kineticMeV + ElectronMass, ePrime = e - k;
        double delta = DeltaScale * k / (e * ePrime);
        double phi1, phi2;
        if (delta <= 1)
        {
            phi1 = 20.867 - 3.242 * delta + 0.625 * delta * delta;
            phi2 = 20.209 - 1.930 * delta - 0.086 * delta * delta;
        }
        else phi1 = phi2 = 21.12 - 4.184 * Math.Log(delta + 0.952);
        double r = ePrime / e;
        double f = (1 + r * r) * Math.Max(phi1 / 4 - LnZ3, 0) - 2.0 / 3.0 * r * Math.Max(phi2 / 4 - LnZ3, 0);
        return Math.Max(f, 0.0);
    }

    /// <summary>Composite Simpson rule with <paramref name="n"/> (even) intervals.</summary>
    private static double Simpson(Func<double, double> g, double a, double b, int n = 400)
    {
        if (!(b > a)) return 0.0;
        double h = (b - a) / n, sum = g(a) + g(b);
        for (int i = 1; i < n; i++) sum += (i % 2 == 1 ? 4 : 2) * g(a + i * h);
        return sum * h / 3;
    }

    /// <summary>I1 = integral_0^T f dk (energy-weighted spectrum), piecewise in log k to resolve the screening region.</summary>
    private static double EnergyIntegral(double t)
    {
        double lo = t * 1e-6;
        return Simpson(k => Shape(t, k), 0, lo, 2) + Simpson(u => { double k = Math.Exp(u); return k * Shape(t, k); }, Math.Log(lo), Math.Log(t));
    }

    /// <summary>Photons above the cut per cm. <paramref name="radiativeStopping"/> is rho S_rad in MeV/cm.</summary>
    public static double EmissionRate(double kineticMeV, double radiativeStopping, double cutMeV)
    {
        if (kineticMeV <= cutMeV) return 0.0;
        double i0 = Simpson(u => Shape(kineticMeV, Math.Exp(u)), Math.Log(cutMeV), Math.Log(kineticMeV));
        return radiativeStopping * i0 / EnergyIntegral(kineticMeV);
    }

    /// <summary>Energy radiated below the cut per cm (MeV/cm).</summary>
    public static double SoftLoss(double kineticMeV, double radiativeStopping, double cutMeV)
    {
        if (kineticMeV <= cutMeV) return radiativeStopping;
        double lo = cutMeV * 1e-6;
        double soft = Simpson(k => Shape(kineticMeV, k), 0, lo, 2)
                      + Simpson(u => { double k = Math.Exp(u); return k * Shape(kineticMeV, k); }, Math.Log(lo), Math.Log(cutMeV), 100);
        return radiativeStopping * soft / EnergyIntegral(kineticMeV);
    }

    /// <summary>Photon energy: k log-uniform in [k_c, T] (density ~ 1/k), kept with probability f(k) / max f.</summary>
    public static double SamplePhotonEnergy(double kineticMeV, double cutMeV, TrackRandom rng)
    {
        while (true)
        {
            double k = cutMeV * Math.Pow(kineticMeV / cutMeV, rng.NextDouble());
            if (rng.NextDouble() * ShapeMax <= Shape(kineticMeV, k)) return k;
        }
    }
}
