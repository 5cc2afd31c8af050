using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The voxels of one grid sorted along the grid's longest side, so that a small region (a candidate vertex's stem, a few
/// mm) reads only the slab of voxels whose coordinate on that side can lie in it instead of every voxel of the track.
/// Built once per track and shared by every candidate. Holds the voxel centroids exactly as <see cref="VoxelGrid.Centroid"/>
/// returns them, so a test run on them gives the same answer as on the grid.
/// </summary>
public sealed class VoxelSlabs : IDisposable
{
    private readonly int _count;
    private readonly int _axis;            // 0, 1, 2: x, y, z, the side the voxels are sorted along
    private readonly double[] _key;        // centroid coordinate on that side, ascending
    private readonly int[] _voxel;         // the voxel at each sorted place
    private readonly Vec3[] _centroid;     // by voxel number

    public VoxelSlabs(VoxelGrid grid)
    {
        _count = grid.Count;
        _centroid = ArrayPool<Vec3>.Shared.Rent(Math.Max(1, _count));
        _key = ArrayPool<double>.Shared.Rent(Math.Max(1, _count));
        _voxel = ArrayPool<int>.Shared.Rent(Math.Max(1, _count));
        var lo = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var hi = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (int v = 0; v < _count; v++)
        {
            var c = grid.Centroid(v);
            _centroid[v] = c;
            lo = new(Math.Min(lo.X, c.X), Math.Min(lo.Y, c.Y), Math.Min(lo.Z, c.Z));
            hi = new(Math.Max(hi.X, c.X), Math.Max(hi.Y, c.Y), Math.Max(hi.Z, c.Z));
        }
        var extent = hi - lo;
        _axis = extent.X >= extent.Y && extent.X >= extent.Z ? 0 : extent.Y >= extent.Z ? 1 : 2;
        for (int v = 0; v < _count; v++) { _key[v] = Coordinate(_centroid[v], _axis); _voxel[v] = v; }
        Array.Sort(_key, _voxel, 0, _count);
    }

    public int Count => _count;
    public Vec3 Centroid(int voxel) => _centroid[voxel];

    /// <summary>
    /// Bounds (relative to <paramref name="origin"/>) on the sorted side of every point within <paramref name="radius"/>
    /// of the segment from <paramref name="from"/> to <paramref name="to"/> along the unit <paramref name="direction"/>.
    /// </summary>
    public (double Lo, double Hi) SideBounds(Vec3 direction, double from, double to, double radius)
    {
        double u = Coordinate(direction, _axis);
        // Pad by far more than any rounding of the caller's test (1e-18 m at these sizes) and far less than a voxel.
        const double pad = 1e-9;
        return (Math.Min(from * u, to * u) - radius - pad, Math.Max(from * u, to * u) + radius + pad);
    }

    /// <summary>The voxels whose centroid's sorted-side coordinate lies in [lo, hi] (absolute), in sorted order.</summary>
    public ReadOnlySpan<int> Slab(double lo, double hi)
    {
        int start = LowerBound(lo);
        int end = start;
        while (end < _count && _key[end] <= hi) end++;
        return _voxel.AsSpan(start, end - start);
    }

    public double Coordinate(Vec3 p) => Coordinate(p, _axis);

    private static double Coordinate(Vec3 p, int axis) => axis == 0 ? p.X : axis == 1 ? p.Y : p.Z;

    private int LowerBound(double value)
    {
        int a = 0, b = _count;
        while (a < b)
        {
            int m = (a + b) >>> 1;
            if (_key[m] < value) a = m + 1; else b = m;
        }
        return a;
    }

    public void Dispose()
    {
        ArrayPool<Vec3>.Shared.Return(_centroid);
        ArrayPool<double>.Shared.Return(_key);
        ArrayPool<int>.Shared.Return(_voxel);
    }
}
