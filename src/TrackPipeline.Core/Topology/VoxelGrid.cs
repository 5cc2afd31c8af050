using System.Runtime.CompilerServices;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// Charge binned into cubes of side <see cref="VoxelSizeM"/> by hashing the integer cube indices (a
/// <see cref="SparseVoxelIndex"/>: voxels numbered in the order they are first met), so the cost
/// grows with the number of points and occupied cubes, never with the volume a track spans (a 50 MeV
/// photon spans a metre). Each voxel keeps its charge and charge-weighted centroid.
/// </summary>
public sealed class VoxelGrid
{
    private const int IndexBits = 21;
    private const long IndexOffset = 1L << (IndexBits - 1);
    private const long IndexMask = (1L << IndexBits) - 1;

    private readonly SparseVoxelIndex _index;
    private double[] _charge = [];
    private double[] _sumX = [], _sumY = [], _sumZ = [];
    private long _lastKey = -1;
    private int _lastVoxel = -1;

    /// <summary>
    /// Voxels a grid of <paramref name="points"/> starts with (it grows by doubling past them). An eighth of the points, as
    /// pixels seldom share a voxel at the pitch, but at most 4,096: raw deposits crowd hundreds to a voxel (a 10^5-point
    /// track fills a few thousand 2 mm voxels), and an index sized for 12,500 voxels is a megabyte the collector zeroes and
    /// the kernel faults in for nothing. Only where the arrays start: voxels are numbered in the order they are met.
    /// </summary>
    private static int InitialCapacity(int points) => Math.Clamp(points / 8, 16, 4096);

    /// <summary>An empty grid of <paramref name="voxelSizeM"/> with room for <paramref name="capacity"/> voxels: the set-up every constructor shares.</summary>
    private VoxelGrid(double voxelSizeM, int capacity)
    {
        if (!(voxelSizeM > 0)) throw new ArgumentOutOfRangeException(nameof(voxelSizeM), "voxel size must be positive");
        VoxelSizeM = voxelSizeM;
        _index = new SparseVoxelIndex(capacity);
        _charge = new double[capacity]; _sumX = new double[capacity]; _sumY = new double[capacity]; _sumZ = new double[capacity];
    }

    /// <param name="voxelOfPoint">When given (length = points), receives each point's voxel index (-1 for points without charge).</param>
    public VoxelGrid(ChargeCloud cloud, double voxelSizeM, Span<int> voxelOfPoint = default)
        : this(voxelSizeM, InitialCapacity(cloud.Count))
    {
        bool mapPoints = voxelOfPoint.Length == cloud.Count && cloud.Count > 0;
        double inv = 1.0 / voxelSizeM;
        for (int i = 0; i < cloud.Count; i++)
        {
            double q = cloud.Charge[i];
            if (q <= 0)
            {
                if (mapPoints) voxelOfPoint[i] = -1;
                continue;
            }
            int v = Bin(cloud.X[i], cloud.Y[i], cloud.Z[i], q, inv);
            if (mapPoints) voxelOfPoint[i] = v;
        }
    }

    /// <summary>
    /// The points of <paramref name="cloud"/> that lie in the voxels of cluster <paramref name="cluster"/> of a coarser grid
    /// (<paramref name="parentVoxelOfPoint"/>: each point's voxel there, -1 without charge; <paramref name="clusterOf"/>: each
    /// of its voxels' cluster), binned at <paramref name="voxelSizeM"/>: what gathering those points into a cloud of their own
    /// and binning it gives, the same points in the same order, so the same sums bit for bit (TopologyReuseTests), without
    /// the copy (raw deposits: 10^5 points a track, four columns each).
    /// </summary>
    internal VoxelGrid(ChargeCloud cloud, double voxelSizeM, ReadOnlySpan<int> parentVoxelOfPoint, int[] clusterOf, int cluster)
        : this(voxelSizeM, InitialCapacity(cloud.Count))
    {
        double inv = 1.0 / voxelSizeM;
        for (int i = 0; i < cloud.Count; i++)
        {
            int parent = parentVoxelOfPoint[i];
            // A point in a parent voxel holds charge (the parent binned only those): no charge test needed.
            if (parent < 0 || clusterOf[parent] != cluster) continue;
            Bin(cloud.X[i], cloud.Y[i], cloud.Z[i], cloud.Charge[i], inv);
        }
    }

    /// <summary>Adds one point's charge to its voxel (numbering the voxel when it is new); returns the voxel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bin(double x, double y, double z, double q, double inv)
    {
        long key = Key(Floor(x * inv), Floor(y * inv), Floor(z * inv));
        int v;
        // Deposits come in the order the track was stepped, so most points land in the voxel of the point before:
        // a compare, not a hash probe (keys are never negative, so the first point always probes).
        if (key == _lastKey) v = _lastVoxel;
        else
        {
            v = _index.GetOrAdd(key, out bool added);
            if (added && v == _charge.Length) Grow();
            _lastKey = key;
            _lastVoxel = v;
        }
        _charge[v] += q;
        _sumX[v] += q * x;
        _sumY[v] += q * y;
        _sumZ[v] += q * z;
        return v;
    }

    /// <summary>
    /// The voxels of cluster <paramref name="cluster"/> of <paramref name="clusters"/> (a clustering of this grid) as a grid of
    /// their own, numbered in this grid's order, with this grid's sums: the very grid that binning the cluster's points again
    /// at the same voxel size gives (<see cref="ShapeAnalysis.ClusterGrid"/>: a voxel's points all lie in its cluster, they are
    /// met in the same order and summed in the same order, so every charge and centroid has the same bits), without the
    /// second pass over the points.
    /// </summary>
    public VoxelGrid Subset(ConnectedClusters clusters, int cluster)
    {
        if (!ReferenceEquals(clusters.Grid, this)) throw new ArgumentException("the clusters are not of this grid", nameof(clusters));
        return new VoxelGrid(this, clusters.ClusterOf, cluster, clusters.VoxelCount[cluster]);
    }

    private VoxelGrid(VoxelGrid parent, int[] clusterOf, int cluster, int count)
        : this(parent.VoxelSizeM, Math.Max(16, count))
    {
        for (int v = 0; v < parent.Count; v++)
        {
            if (clusterOf[v] != cluster) continue;
            int u = _index.GetOrAdd(parent._index.KeyOf(v), out _);
            _charge[u] = parent._charge[v];
            _sumX[u] = parent._sumX[v]; _sumY[u] = parent._sumY[v]; _sumZ[u] = parent._sumZ[v];
        }
    }

    /// <summary>
    /// This grid's voxels (each its centroid, carrying its charge) binned again into voxels of <paramref name="cellM"/>:
    /// the charge seen at a coarser scale, as the pair vertex's rescoring and the event vertex's cone score read it.
    /// </summary>
    public VoxelGrid Coarsened(double cellM)
    {
        using var points = new PooledPoints(Count);
        for (int v = 0; v < Count; v++)
        {
            var p = Centroid(v);
            points.Add(p.X, p.Y, p.Z, Charge(v));
        }
        return new VoxelGrid(points.Cloud, cellM);
    }

    public double VoxelSizeM { get; }
    public int Count => _index.Count;
    public double Charge(int voxel) => _charge[voxel];
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Centroid(int voxel) => new(_sumX[voxel] / _charge[voxel], _sumY[voxel] / _charge[voxel], _sumZ[voxel] / _charge[voxel]);
    public (int I, int J, int K) Indices(int voxel) => Unpack(_index.KeyOf(voxel));

    public double TotalCharge()
    {
        double s = 0;
        for (int v = 0; v < Count; v++) s += _charge[v];
        return s;
    }

    /// <summary>The voxel at integer indices (i, j, k), or -1 when it holds no charge.</summary>
    public int Find(int i, int j, int k) => _index.Find(Key(i, j, k));

    /// <summary>The voxel containing a point, or -1 when it holds no charge.</summary>
    public int FindContaining(Vec3 p)
    {
        double inv = 1.0 / VoxelSizeM;
        return Find(Floor(p.X * inv), Floor(p.Y * inv), Floor(p.Z * inv));
    }

    /// <summary>The 13 "forward" neighbour offsets: with their mirror images they make the 26-neighbourhood.</summary>
    public static readonly (int, int, int)[] ForwardNeighbours = BuildForwardNeighbours();

    private static (int, int, int)[] BuildForwardNeighbours()
    {
        var list = new List<(int, int, int)>();
        for (int di = -1; di <= 1; di++)
            for (int dj = -1; dj <= 1; dj++)
                for (int dk = -1; dk <= 1; dk++)
                {
                    if ((di, dj, dk) == (0, 0, 0)) continue;
                    // Keep one of each pair (d, -d): the lexicographically positive one.
                    if (di > 0 || (di == 0 && (dj > 0 || (dj == 0 && dk > 0)))) list.Add((di, dj, dk));
                }
        return list.ToArray();
    }

    private void Grow()
    {
        int n = _charge.Length * 2;
        Array.Resize(ref _charge, n); Array.Resize(ref _sumX, n); Array.Resize(ref _sumY, n); Array.Resize(ref _sumZ, n);
    }

    // Three calls per point: inlined (left as a call it cost ~0.04 CPU-s a sample run).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Floor(double v)
    {
        double f = Math.Floor(v);
        if (f < -IndexOffset || f >= IndexOffset) ThrowOutsideGrid(v);
        return (int)f;
    }

    // Out of line, so that Floor (three calls per point) is inlined.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowOutsideGrid(double v) =>
        throw new ArgumentOutOfRangeException(nameof(v), $"point {v} voxels from the origin is outside the voxel grid's range");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Key(int i, int j, int k) =>
        ((i + IndexOffset) << (2 * IndexBits)) | ((j + IndexOffset) << IndexBits) | (k + IndexOffset);

    private static (int, int, int) Unpack(long key) =>
        ((int)((key >> (2 * IndexBits)) - IndexOffset), (int)(((key >> IndexBits) & IndexMask) - IndexOffset), (int)((key & IndexMask) - IndexOffset));
}
