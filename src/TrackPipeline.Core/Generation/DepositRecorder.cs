using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Collects the charge deposits of a track. Energy deposited along a straight segment is cut into pieces of
/// exponentially distributed energy (mean <see cref="GeneratorSettings.DepositMeanEnergy"/> of the depositing particle's energy): the points form a
/// Poisson process in deposited energy, so their density follows dE/dx. Each piece becomes one point with the
/// electrons <see cref="IonizationYield"/> gives it; points without electrons are dropped, as in the sample.
/// Positions are stored in cm and written in metres. The points go straight into arrays that double when full, left
/// uninitialised (every slot below <see cref="Count"/> is written before it is read): no List per column, whose growth
/// zeroed every new array and whose ToArray copied it again (docs/benchmarks/generator.md, round 15).
/// </summary>
public sealed class DepositRecorder(IonizationYield yield, Func<double, double> meanPieceMeV, TrackRandom rng)
{
    private const int InitialCapacity = 1024;
    private double[] _x = GC.AllocateUninitializedArray<double>(InitialCapacity);
    private double[] _y = GC.AllocateUninitializedArray<double>(InitialCapacity);
    private double[] _z = GC.AllocateUninitializedArray<double>(InitialCapacity);
    private long[] _electrons = GC.AllocateUninitializedArray<long>(InitialCapacity);
    private byte[] _lepton = GC.AllocateUninitializedArray<byte>(InitialCapacity);
    private int _count;
    private double _toNext = -1; // energy still needed to complete the current piece
    private double _piece;       // energy of the current piece

    /// <summary>Sum of all energy handed to the recorder, MeV.</summary>
    public double DepositedMeV { get; private set; }

    public int Count => _count;
    public ReadOnlySpan<double> X => _x.AsSpan(0, _count);
    public ReadOnlySpan<double> Y => _y.AsSpan(0, _count);
    public ReadOnlySpan<double> Z => _z.AsSpan(0, _count);
    public ReadOnlySpan<long> Electrons => _electrons.AsSpan(0, _count);
    /// <summary>Truth only: the <see cref="PairLeptonTag"/> of each deposit (the particle that was depositing when it was emitted).</summary>
    public ReadOnlySpan<byte> PairLepton => _lepton.AsSpan(0, _count);

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
        if (_count == _electrons.Length) Grow();
        _x[_count] = p.X; _y[_count] = p.Y; _z[_count] = p.Z;
        _electrons[_count] = n;
        _lepton[_count] = CurrentPairLepton;
        _count++;
    }

    private void Grow()
    {
        int capacity = 2 * _electrons.Length;
        _x = Grown(_x, capacity, _count); _y = Grown(_y, capacity, _count); _z = Grown(_z, capacity, _count);
        _electrons = Grown(_electrons, capacity, _count);
        _lepton = Grown(_lepton, capacity, _count);
    }

    private static T[] Grown<T>(T[] old, int capacity, int count)
    {
        var grown = GC.AllocateUninitializedArray<T>(capacity);
        old.AsSpan(0, count).CopyTo(grown);
        return grown;
    }

    /// <summary>The first <see cref="Count"/> entries of a column as an exact-length array (uninitialised, then copied over).</summary>
    public static T[] Exact<T>(ReadOnlySpan<T> column)
    {
        var exact = GC.AllocateUninitializedArray<T>(column.Length);
        column.CopyTo(exact);
        return exact;
    }
}
