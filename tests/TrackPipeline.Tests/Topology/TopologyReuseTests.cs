using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// Issue 13, round 10: at one resolution for the shape and the vertex (both levels ship so) the topology takes the main
/// cluster's grid from the event's grid (<see cref="VoxelGrid.Subset"/>) instead of binning its points again, and prunes a
/// copy of the cone's unpruned tree (<see cref="Skeleton.Pruned"/>) instead of running Kruskal twice over the same voxels.
/// Both must give, to the bit, what the second pass gave, on the sample's pixels and raw deposits.
/// </summary>
public sealed class TopologyReuseTests
{
    [SharedDataFact]
    public void Main_cluster_grid_and_pruned_tree_equal_the_ones_built_again_on_the_sample()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var topology = Shipped.Topology;
        var detector = DetectorStages.Create(config, 7, material: null);
        var stages = MeasurementChain.Of(detector, topology, Shipped.Reconstruction);
        var sources = new[] { "electrons/E0000300", "electrons/E0001000", "electrons/E0010000", "photons/E0010000", "photons/E0050000" }
            .SelectMany(folder => DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", folder)).Take(2))
            .ToList();
        int clouds = 0, withDetached = 0, pruned = 0;
        foreach (var source in sources)
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var deposits = item.RequireTrack().Deposits;
            var q = Array.ConvertAll(deposits.NumElectrons, n => (double)n);
            var raw = new ChargeCloud(deposits.X.ToArray(), deposits.Y.ToArray(), deposits.Z.ToArray(), q);
            Compare(raw, topology.RawLinkingLengthMm * 1e-3);
            if (detector.Pixels.TryGetPixels(item, out var pixels, out var pitchM)) Compare(pixels, pitchM);
        }

        void Compare(ChargeCloud cloud, double voxelM)
        {
            var voxelOfPoint = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, voxelM, voxelOfPoint);
            if (grid.Count == 0) return;
            var clusters = new ConnectedClusters(grid);
            clouds++;
            if (clusters.Count > 1) withDetached++;

            var again = ShapeAnalysis.ClusterGrid(cloud, voxelOfPoint, clusters, 0, voxelM);
            var subset = grid.Subset(clusters, 0);
            Assert.Equal(Voxels(again), Voxels(subset));

            var mainVoxels = Enumerable.Range(0, grid.Count).Where(v => clusters.ClusterOf[v] == 0).ToList();
            var all = Enumerable.Range(0, subset.Count).ToList();
            var prune = topology.PruneLengthMm * 1e-3;
            var tree = new Skeleton(subset, all, 0);
            Assert.Equal(Shape(new Skeleton(again, all, 0)), Shape(tree));
            var built = new Skeleton(grid, mainVoxels, prune);
            var copied = Skeleton.Pruned(tree, prune);
            Assert.Equal(Shape(built), Shape(copied));
            if (built.Endpoints.Count < tree.Endpoints.Count) pruned++;
            // The tree it was copied from is left whole (the cone reads it afterwards).
            Assert.Equal(Shape(new Skeleton(subset, all, 0)), Shape(tree));
        }
        Assert.True(clouds >= 15, $"only {clouds} clouds compared");
        Assert.True(withDetached >= 5, $"only {withDetached} clouds had detached clusters: the subset is barely tested");
        Assert.True(pruned >= 5, $"only {pruned} trees lost twigs to pruning: the pruned copy is barely tested");
    }

    /// <summary>
    /// Round 13: <see cref="ShapeAnalysis.ClusterGrid"/> bins a cluster's points where they lie, without gathering them into a
    /// cloud of their own first. At another voxel size than the clusters' (the raw level: 2 mm clusters, 0.5 mm vertex voxels)
    /// it must give, to the bit and in the same voxel order, what gathering and binning gave, for the main cluster and the
    /// detached ones.
    /// </summary>
    [SharedDataFact]
    public void A_cluster_binned_in_place_equals_its_points_gathered_and_binned_on_the_sample()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var topology = Shipped.Topology;
        var detector = DetectorStages.Create(config, 7, material: null);
        var stages = MeasurementChain.Of(detector, topology, Shipped.Reconstruction);
        var sources = new[] { "electrons/E0001000", "electrons/E0010000", "photons/E0010000", "photons/E0050000" }
            .SelectMany(folder => DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", folder)).Take(2))
            .ToList();
        int clusters = 0, detached = 0;
        foreach (var source in sources)
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var deposits = item.RequireTrack().Deposits;
            var q = Array.ConvertAll(deposits.NumElectrons, n => (double)n);
            Compare(new ChargeCloud(deposits.X.ToArray(), deposits.Y.ToArray(), deposits.Z.ToArray(), q),
                topology.RawLinkingLengthMm * 1e-3, topology.RawVertexVoxelMm * 1e-3);
            if (detector.Pixels.TryGetPixels(item, out var pixels, out var pitchM)) Compare(pixels, pitchM, pitchM / 3);
        }
        Assert.True(clusters >= 12, $"only {clusters} clusters compared");
        Assert.True(detached >= 4, $"only {detached} detached clusters compared: the cluster filter is barely tested");

        void Compare(ChargeCloud cloud, double linkM, double voxelM)
        {
            var voxelOfPoint = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, linkM, voxelOfPoint);
            if (grid.Count == 0) return;
            var found = new ConnectedClusters(grid);
            for (int c = 0; c < Math.Min(found.Count, 3); c++)
            {
                // The reference: the cluster's points gathered, in point order, into a cloud of their own and binned.
                List<double> x = [], y = [], z = [], charge = [];
                for (int i = 0; i < cloud.Count; i++)
                {
                    if (voxelOfPoint[i] < 0 || found.ClusterOf[voxelOfPoint[i]] != c) continue;
                    x.Add(cloud.X[i]); y.Add(cloud.Y[i]); z.Add(cloud.Z[i]); charge.Add(cloud.Charge[i]);
                }
                var expected = Voxels(new VoxelGrid(new ChargeCloud(x.ToArray(), y.ToArray(), z.ToArray(), charge.ToArray()), voxelM));
                Assert.NotEmpty(expected);
                Assert.Equal(expected, Voxels(ShapeAnalysis.ClusterGrid(cloud, voxelOfPoint, found, c, voxelM)));
                clusters++;
                if (c > 0) detached++;
            }
        }
    }

    [Fact]
    public void A_pruned_skeleton_cannot_be_pruned_again_from_its_copy()
    {
        double[] x = [0, 0.001, 0.002, 0.003], y = new double[4], z = new double[4], q = [1, 1, 1, 1];
        var grid = new VoxelGrid(new ChargeCloud(x, y, z, q), 0.001);
        var pruned = new Skeleton(grid, [0, 1, 2, 3], 0.002);
        Assert.Throws<ArgumentException>(() => Skeleton.Pruned(pruned, 0.001));
    }

    /// <summary>Each voxel's indices and the bits of its charge and centroid, in voxel order.</summary>
    private static List<string> Voxels(VoxelGrid g) =>
        Enumerable.Range(0, g.Count).Select(v =>
        {
            var c = g.Centroid(v);
            return $"{g.Indices(v)} {Bits(g.Charge(v))} {Bits(c.X)} {Bits(c.Y)} {Bits(c.Z)}";
        }).ToList();

    /// <summary>Everything a skeleton reports, numbers as bits.</summary>
    private static string Shape(Skeleton s) =>
        string.Join(";", s.Nodes.Select(n => $"{Bits(n.X)},{Bits(n.Y)},{Bits(n.Z)}")) + "|" +
        string.Join(",", s.Endpoints) + "|" + string.Join(",", s.Junctions) + "|" + string.Join(",", s.LongestPath) + "|" +
        $"{s.BranchCount} {Bits(s.LengthM)} {Bits(s.LongestPathLengthM)} {Bits(s.Straightness)}|" +
        string.Join(";", Enumerable.Range(0, s.Nodes.Length).Select(a => string.Join(",", s.Neighbours(a))));

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}
