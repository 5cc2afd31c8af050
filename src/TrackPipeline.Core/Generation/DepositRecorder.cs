using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Collects the charge deposits of a track. Energy deposited along a straight segment is cut into pieces of
/// exponentially distributed energy (mean <see cref="GeneratorSettings.DepositMeanEnergy"/> of the depositing particle's energy): the points form a
/// Poisson process in deposited energy, so their density follows dE/dx. Each piece becomes one point with the
/// electrons <see cref="IonizationYield"/> gives it; points without electrons are dropped, as in the sample.
/// Positions are stored in cm and written in metres.
/// </summary>
public sealed class DepositRecorder(IonizationYield yield, Func<double, double> meanPieceMeV, TrackRandom rng)
{
    private readonly List<double> _x = new(), _y = new(), _z = new();
    private readonly List<long> _electrons = new();
    private readonly List<byte> _lepton = new();
    private double _toNext = -1; // energy still needed to complete the current piece
    private double _piece;       // energy of the current piece

    /// <summary>Sum of all energy handed to the recorder, MeV.</summary>
    public double DepositedMeV { get; private set; }

    public int Count => _electrons.Count;
    public IReadOnlyList<double> X => _x;
    public IReadOnlyList<double> Y => _y;
    public IReadOnlyList<double> Z => _z;
    public IReadOnlyList<long> Electrons => _electrons;
    /// <summary>Truth only: the <see cref="PairLeptonTag"/> of each deposit (the particle that was depositing when it was emitted).</summary>
    public IReadOnlyList<byte> PairLepton => _lepton;

    /// <summary>The <see cref="PairLeptonTag"/> of the particle now depositing; set by the transport, touches no random number.</summary>
    public byte CurrentPairLepton { get; set; }

    /// <summary>Deposits <paramref name="energyMeV"/> uniformly along the segment from <paramref name="a"/> to <paramref name="b"/> (cm).</summary>
    public void Segment(Vec3 a, Vec3 b, double energyMeV, double kineticMeV)
    {
        if (!(energyMeV > 0)) return;
        DepositedMeV += energyMeV;
        double used = 0;
        double meanPiece = double.NaN; // worked out once per segment, when a piece starts in it (a log10 per piece before)
        while (true)
        {
            if (_toNext < 0)
            {
                if (double.IsNaN(meanPiece)) meanPiece = meanPieceMeV(kineticMeV);
                _piece = -meanPiece * Math.Log(rng.NextDoubleNonZero());
                _toNext = _piece;
            }
            if (used + _toNext > energyMeV) { _toNext -= energyMeV - used; return; }
            used += _toNext;
            double f = used / energyMeV;
            Emit(new Vec3(a.X + f * (b.X - a.X), a.Y + f * (b.Y - a.Y), a.Z + f * (b.Z - a.Z)), _piece);
            _toNext = -1;
        }
    }

    /// <summary>Deposits energy at one point (a stopped particle, a binding energy).</summary>
    public void Point(Vec3 p, double energyMeV) => Segment(p, p, energyMeV, 0.0);

    /// <summary>Closes the piece in progress at <paramref name="p"/> (called when a particle's history ends), so no energy is left over.</summary>
    public void Flush(Vec3 p)
    {
        if (_toNext >= 0 && _piece - _toNext > 0) Emit(p, _piece - _toNext);
        _toNext = -1;
    }

    private void Emit(Vec3 p, double energyMeV)
    {
        long n = yield.Electrons(energyMeV, rng);
        if (n <= 0) return;
        _x.Add(p.X); _y.Add(p.Y); _z.Add(p.Z);
        _electrons.Add(n);
        _lepton.Add(CurrentPairLepton);
    }
}
