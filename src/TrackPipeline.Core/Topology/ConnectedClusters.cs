using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// Connected components of a voxel grid: two voxels belong together when they touch (26-neighbourhood),
/// so deposits are linked when closer than about one voxel (the linking length). Union-find over
/// hashed voxels: linear in occupied voxels.
/// </summary>
public sealed class ConnectedClusters
{
    public ConnectedClusters(VoxelGrid grid, Func<int, bool>? include = null)
    {
        Grid = grid;
        int n = grid.Count;
        var parent = new int[n];
        for (int v = 0; v < n; v++) parent[v] = v;
        for (int v = 0; v < n; v++)
        {
            if (include is not null && !include(v)) continue;
            var (i, j, k) = grid.Indices(v);
            foreach (var (di, dj, dk) in VoxelGrid.ForwardNeighbours)
            {
                int u = grid.Find(i + di, j + dj, k + dk);
                if (u >= 0 && (include is null || include(u))) Union(parent, v, u);
            }
        }

        // Number the clusters by falling charge: cluster 0 is the main one. Charge summed per root in voxel order, and
        // roots ordered by (charge descending, root ascending): a total order, so the numbering is unique.
        var rootCharge = new double[n];
        var isRoot = new bool[n];
        int rootCount = 0;
        for (int v = 0; v < n; v++)
        {
            if (include is not null && !include(v)) continue;
            int r = FindRoot(parent, v);
            if (!isRoot[r]) { isRoot[r] = true; rootCount++; }
            rootCharge[r] += grid.Charge(v);
        }
        var roots = new int[rootCount];
        for (int v = 0, c = 0; v < n; v++) if (isRoot[v]) roots[c++] = v;
        Array.Sort(roots, (a, b) => rootCharge[a] != rootCharge[b] ? rootCharge[b].CompareTo(rootCharge[a]) : a.CompareTo(b));
        var number = new int[n];
        for (int c = 0; c < roots.Length; c++) number[roots[c]] = c;

        ClusterOf = new int[n];
        Charge = new double[roots.Length];
        VoxelCount = new int[roots.Length];
        var sx = new double[roots.Length]; var sy = new double[roots.Length]; var sz = new double[roots.Length];
        for (int v = 0; v < n; v++)
        {
            if (include is not null && !include(v)) { ClusterOf[v] = -1; continue; }
            int c = number[FindRoot(parent, v)];
            ClusterOf[v] = c;
            double q = grid.Charge(v);
            var p = grid.Centroid(v);
            Charge[c] += q; VoxelCount[c]++;
            sx[c] += q * p.X; sy[c] += q * p.Y; sz[c] += q * p.Z;
        }
        Centroid = new Vec3[roots.Length];
        for (int c = 0; c < roots.Length; c++) Centroid[c] = new Vec3(sx[c] / Charge[c], sy[c] / Charge[c], sz[c] / Charge[c]);
    }

    public VoxelGrid Grid { get; }
    /// <summary>Cluster number of each voxel (-1 for excluded voxels); 0 is the cluster with the most charge.</summary>
    public int[] ClusterOf { get; }
    public double[] Charge { get; }
    public int[] VoxelCount { get; }
    public Vec3[] Centroid { get; }
    public int Count => Charge.Length;

    private static int FindRoot(int[] parent, int v)
    {
        while (parent[v] != v)
        {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = FindRoot(parent, a), rb = FindRoot(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
