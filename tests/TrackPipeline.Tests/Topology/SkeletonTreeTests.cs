using TrackPipeline.Numerics;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The skeleton's Kruskal sorts packed keys (a length's bits above the edge's number): a wrong packing would still give a
/// tree, only not the shortest one. Checked against Prim's algorithm over the same 26-neighbour graph, on a lattice where
/// nearly every length ties (pixels: one point at each voxel centre) and on a diffuse cloud where none do.
/// </summary>
public class SkeletonTreeTests
{
    private const double VoxelM = 0.0005;

    [Fact]
    public void On_a_pixel_lattice_the_tree_is_a_minimum_spanning_tree()
    {
        // A 7 x 5 x 4 block of pixels, every voxel's centroid at its centre: lengths are one, sqrt 2 or sqrt 3 pitches.
        var cloud = new SyntheticCloud();
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 5; j++)
                for (int k = 0; k < 4; k++)
                    cloud.Blob(new Vec3((i + 0.5) * VoxelM, (j + 0.5) * VoxelM, (k + 0.5) * VoxelM), 100 + i + j + k);
        AssertMinimal(new VoxelGrid(cloud.Cloud(), VoxelM), expectedLengthM: (7 * 5 * 4 - 1) * VoxelM);
    }

    [Fact]
    public void On_a_diffuse_cloud_the_tree_is_a_minimum_spanning_tree()
    {
        var random = new TrackRandom(5);
        var cloud = new SyntheticCloud();
        for (int p = 0; p < 3000; p++)
            cloud.Blob(new Vec3(0.004 * random.NextDouble(), 0.003 * random.NextDouble(), 0.002 * random.NextDouble()), 1 + 99 * random.NextDouble());
        AssertMinimal(new VoxelGrid(cloud.Cloud(), VoxelM), expectedLengthM: null);
    }

    [Fact]
    public void The_same_charge_gives_the_same_tree()
    {
        var cloud = new SyntheticCloud().Prong(new Vec3(0, 0, 0), 15, 25).Prong(new Vec3(0, 0, 0), -15, 25).Cloud();
        var grid = new VoxelGrid(cloud, VoxelM);
        var all = Enumerable.Range(0, grid.Count).ToArray();
        var a = new Skeleton(grid, all, 0);
        var b = new Skeleton(new VoxelGrid(cloud, VoxelM), all, 0);
        for (int node = 0; node < grid.Count; node++) Assert.Equal(a.Neighbours(node).Order(), b.Neighbours(node).Order());
    }

    private static void AssertMinimal(VoxelGrid grid, double? expectedLengthM)
    {
        int n = grid.Count;
        var skeleton = new Skeleton(grid, Enumerable.Range(0, n).ToArray(), pruneLengthM: 0);
        int edges = 0;
        for (int a = 0; a < n; a++) edges += skeleton.Degree(a);
        Assert.Equal(2 * (n - 1), edges); // a tree over every voxel (the clouds are connected)
        double prim = PrimLength(grid);
        Assert.Equal(prim, skeleton.LengthM, 1e-12);
        if (expectedLengthM is { } l) Assert.Equal(l, skeleton.LengthM, 1e-12);
    }

    /// <summary>Total length of a minimum spanning tree of the voxels' centroids over 26-neighbour edges (Prim, O(n^2)).</summary>
    private static double PrimLength(VoxelGrid grid)
    {
        int n = grid.Count;
        var best = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var inTree = new bool[n];
        best[0] = 0;
        double total = 0;
        for (int step = 0; step < n; step++)
        {
            int next = -1;
            for (int v = 0; v < n; v++) if (!inTree[v] && (next < 0 || best[v] < best[next])) next = v;
            Assert.False(double.IsPositiveInfinity(best[next]), "the cloud is not connected");
            inTree[next] = true;
            total += best[next];
            var (i, j, k) = grid.Indices(next);
            for (int v = 0; v < n; v++)
            {
                if (inTree[v]) continue;
                var (vi, vj, vk) = grid.Indices(v);
                if (Math.Abs(vi - i) > 1 || Math.Abs(vj - j) > 1 || Math.Abs(vk - k) > 1) continue;
                best[v] = Math.Min(best[v], (grid.Centroid(next) - grid.Centroid(v)).Length);
            }
        }
        return total;
    }
}
