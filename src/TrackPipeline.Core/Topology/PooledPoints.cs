using System.Buffers;
using System.Runtime.CompilerServices;

namespace TrackPipeline.Topology;

/// <summary>
/// A charge cloud gathered point by point into pooled columns (x, y, z, charge), to be binned into a grid and handed back:
/// the coarsened grids are built from a selection of points, each from four
/// rented columns (one place to rent, fill and return them, instead of a copy of that code at each).
/// </summary>
internal sealed class PooledPoints : IDisposable
{
    private readonly double[] _x, _y, _z, _q;

    public PooledPoints(int capacity)
    {
        _x = ArrayPool<double>.Shared.Rent(capacity);
        _y = ArrayPool<double>.Shared.Rent(capacity);
        _z = ArrayPool<double>.Shared.Rent(capacity);
        _q = ArrayPool<double>.Shared.Rent(capacity);
    }

    public int Count { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double x, double y, double z, double charge)
    {
        int i = Count++;
        _x[i] = x; _y[i] = y; _z[i] = z; _q[i] = charge;
    }

    /// <summary>The points gathered so far, valid until this is disposed.</summary>
    public ChargeCloud Cloud => new(_x.AsSpan(0, Count), _y.AsSpan(0, Count), _z.AsSpan(0, Count), _q.AsSpan(0, Count));

    public void Dispose()
    {
        ArrayPool<double>.Shared.Return(_x);
        ArrayPool<double>.Shared.Return(_y);
        ArrayPool<double>.Shared.Return(_z);
        ArrayPool<double>.Shared.Return(_q);
    }
}
