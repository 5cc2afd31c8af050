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

    /// <summary>
    /// Where <paramref name="t"/> falls on the energy grid: one logarithm for every quantity a step reads at the same
    /// energy (a transport step reads four to six), instead of one per quantity. Same values as the per-quantity calls.
    /// </summary>
    public GridPoint At(double t)
    {
        double x = (Math.Log(Math.Max(t, MinEnergyMeV)) - _lnMin) * _invStep;
        int i = (int)x;
        return new GridPoint(i, x - i);
    }

    /// <summary>A place on the energy grid: the node below and the fraction of the way to the next one.</summary>
    public readonly record struct GridPoint(int Index, double Fraction);

    private static double Interp(double[] table, GridPoint g)
    {
        int i = g.Index;
        if (i >= table.Length - 1) return table[^1];
        return table[i] + g.Fraction * (table[i + 1] - table[i]);
    }

    /// <summary>Restricted stopping power, MeV/cm.</summary>
    public double RestrictedStoppingPower(double t) => Interp(_restricted, At(t));
    /// <summary>Delta rays above the cut per cm.</summary>
    public double DeltaRate(double t) => Interp(_deltaRate, At(t));
    /// <summary>Bremsstrahlung photons above the cut per cm.</summary>
    public double BremRate(double t) => Interp(_bremRate, At(t));
    /// <summary>First transport mean free path, cm.</summary>
    public double TransportMeanFreePath(double t) => Interp(_lambda1, At(t));
    /// <summary>Total (collision + radiative) stopping power, MeV/cm: PENELOPE's S(E) of its C2 step criterion.</summary>
    public double TotalStoppingPower(double t) => Interp(_total, At(t));
    /// <summary>Moliere's screening parameter of the Wentzel elastic cross section.</summary>
    public double Screening(double t) => Interp(_screening, At(t));

    /// <inheritdoc cref="RestrictedStoppingPower(double)"/>
    public double RestrictedStoppingPower(GridPoint g) => Interp(_restricted, g);
    /// <inheritdoc cref="DeltaRate(double)"/>
    public double DeltaRate(GridPoint g) => Interp(_deltaRate, g);
    /// <inheritdoc cref="BremRate(double)"/>
    public double BremRate(GridPoint g) => Interp(_bremRate, g);
    /// <inheritdoc cref="TransportMeanFreePath(double)"/>
    public double TransportMeanFreePath(GridPoint g) => Interp(_lambda1, g);
    /// <inheritdoc cref="TotalStoppingPower(double)"/>
    public double TotalStoppingPower(GridPoint g) => Interp(_total, g);
    /// <inheritdoc cref="Screening(double)"/>
    public double Screening(GridPoint g) => Interp(_screening, g);
}
