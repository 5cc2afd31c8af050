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
        var neighbours = new List<int>(n * 8);
        for (int v = 0; v < n; v++)
        {
            start[v] = neighbours.Count;
            var (i, j, k) = grid.Indices(v);
            foreach (var (di, dj, dk) in VoxelGrid.ForwardNeighbours)
            {
                int u = grid.Find(i + di, j + dj, k + dk);
                if (u >= 0) neighbours.Add(u);
                u = grid.Find(i - di, j - dj, k - dk);
                if (u >= 0) neighbours.Add(u);
            }
        }
        start[n] = neighbours.Count;
        _start = start;
        _neighbours = neighbours.ToArray();
    }

    private readonly int[] _start;
    private readonly int[] _neighbours;

    public VoxelGrid Grid { get; }
    public ReadOnlySpan<int> Of(int voxel) => _neighbours.AsSpan(_start[voxel], _start[voxel + 1] - _start[voxel]);
}
