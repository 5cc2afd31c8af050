using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Per-length quantities of electrons or positrons in the medium, precomputed on a logarithmic energy grid
/// (MeV, cm): the restricted stopping power (collision loss to deltas below the cut from the LAr table
/// <c>argon_electron_LAr_computed.csv</c> minus the Moller/Bhabha loss above it, plus radiation below the brem
/// cut), the hard delta-ray and bremsstrahlung rates, and the transport mean free path.
/// </summary>
public sealed class ChargedParticlePhysics
{
    private const int PointsPerDecade = 60;
    private readonly double _lnMin, _invStep;
    private readonly double[] _restricted, _deltaRate, _bremRate, _lambda1, _total, _screening;

    public bool Positron { get; }
    public double DeltaCutMeV { get; }
    public double BremCutMeV { get; }
    public double MinEnergyMeV { get; }

    public ChargedParticlePhysics(string physicsDir, double density, double deltaCutMeV, double bremCutMeV, double minEnergyMeV, bool positron, double maxEnergyMeV = 200)
    {
        Positron = positron;
        DeltaCutMeV = deltaCutMeV;
        BremCutMeV = bremCutMeV;
        MinEnergyMeV = minEnergyMeV;
        var lar = LogLogTable.ReadCsv(Path.Combine(physicsDir, "argon_electron_LAr_computed.csv"));
        var estar = LogLogTable.ReadCsv(Path.Combine(physicsDir, "argon_estar.csv"));
        var collision = new LogLogTable(lar["energy_MeV"], lar[positron ? "collision_positron_LAr" : "collision_e_LAr"]);
        var radiative = new LogLogTable(estar["energy_MeV"], estar["radiative"]);
        double electrons = density * Avogadro * ArgonZ / ArgonA; // atomic electrons per cm^3

        _lnMin = Math.Log(minEnergyMeV);
        int n = (int)Math.Ceiling(Math.Log10(maxEnergyMeV / minEnergyMeV) * PointsPerDecade) + 1;
        _invStep = PointsPerDecade / Math.Log(10);
        _restricted = new double[n];
        _deltaRate = new double[n];
        _bremRate = new double[n];
        _lambda1 = new double[n];
        _total = new double[n];
        _screening = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = Math.Exp(_lnMin + i / _invStep);
            var (sigma, loss) = MollerBhabha.Integrals(t, deltaCutMeV, positron);
            double sRad = density * radiative.At(t);
            double sCol = density * collision.At(t);
            _deltaRate[i] = electrons * sigma;
            // Never let the restricted loss fall below a tenth of the total (guards the table's low-energy extrapolation).
            _restricted[i] = Math.Max(sCol - electrons * loss, 0.1 * sCol) + Bremsstrahlung.SoftLoss(t, sRad, bremCutMeV);
            _bremRate[i] = Bremsstrahlung.EmissionRate(t, sRad, bremCutMeV);
            _lambda1[i] = MultipleScattering.TransportMeanFreePath(t, density, deltaCutMeV, positron);
            _total[i] = sCol + sRad;
            _screening[i] = MultipleScattering.ScreeningParameter(t);
        }
    }

    private double Interp(double[] table, double t)
    {
        double x = (Math.Log(Math.Max(t, MinEnergyMeV)) - _lnMin) * _invStep;
        int i = (int)x;
        if (i >= table.Length - 1) return table[^1];
        double f = x - i;
        return table[i] + f * (table[i + 1] - table[i]);
    }

    /// <summary>Restricted stopping power, MeV/cm.</summary>
    public double RestrictedStoppingPower(double t) => Interp(_restricted, t);
    /// <summary>Delta rays above the cut per cm.</summary>
    public double DeltaRate(double t) => Interp(_deltaRate, t);
    /// <summary>Bremsstrahlung photons above the cut per cm.</summary>
    public double BremRate(double t) => Interp(_bremRate, t);
    /// <summary>First transport mean free path, cm.</summary>
    public double TransportMeanFreePath(double t) => Interp(_lambda1, t);
    /// <summary>Total (collision + radiative) stopping power, MeV/cm: PENELOPE's S(E) of its C2 step criterion.</summary>
    public double TotalStoppingPower(double t) => Interp(_total, t);
    /// <summary>Moliere's screening parameter of the Wentzel elastic cross section.</summary>
    public double Screening(double t) => Interp(_screening, t);
}
