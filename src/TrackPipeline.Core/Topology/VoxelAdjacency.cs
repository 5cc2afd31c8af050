using TrackPipeline.Numerics;

namespace TrackPipeline.Topology;

/// <summary>
/// The 26-neighbour adjacency of a voxel grid's occupied voxels, looked up once (compressed rows), so that
/// repeated connectivity questions on the same voxels cost array reads instead of hash lookups.
/// </summary>
public sealed class VoxelAdjacency
{
    public VoxelAdjacency(VoxelGrid grid)
    {
        Grid = grid;
        int n = grid.Count;
        var start = new int[n + 1];
        // Filled in place and kept as it is (no copy to an exact-size array): a row ends where the next starts.
        var rows = new GrowableArray<int>(n * 8);
        var neighbours = rows.Items;
        int count = 0;
        for (int v = 0; v < n; v++)
        {
            start[v] = count;
            var (i, j, k) = grid.Indices(v);
            if (count + 26 > neighbours.Length)
            {
                rows.EnsureCapacity(count + 26, count);
                neighbours = rows.Items;
            }
            foreach (var (di, dj, dk) in VoxelGrid.ForwardNeighbours)
            {
                int u = grid.Find(i + di, j + dj, k + dk);
                if (u >= 0) neighbours[count++] = u;
                u = grid.Find(i - di, j - dj, k - dk);
                if (u >= 0) neighbours[count++] = u;
            }
        }
        start[n] = count;
        _start = start;
        _neighbours = neighbours;
    }

    private readonly int[] _start;
    private readonly int[] _neighbours;

    public VoxelGrid Grid { get; }
    public ReadOnlySpan<int> Of(int voxel) => _neighbours.AsSpan(_start[voxel], _start[voxel + 1] - _start[voxel]);
}
