using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

public sealed class ShapeAnalysisTests
{
    private static readonly Vec3 Origin = new(0.01, -0.02, 0.03);

    [Fact]
    public void A_straight_track_is_one_cluster_one_branch_straight_and_linear()
    {
        var f = new SyntheticCloud().Segment(Origin, Origin + new Vec3(0.03, 0.04, 0)).Measure(); // 50 mm long

        Assert.Equal(1, f.Clusters);
        Assert.Equal(1, f.SignificantClusters);
        Assert.Equal(1.0, f.MainClusterChargeFraction, 12);
        Assert.Equal(1, f.Branches);
        Assert.Equal(2, f.Endpoints);
        Assert.Equal(0, f.Junctions);
        // The skeleton joins voxel centroids: within a voxel (2 mm) of the true length at each end.
        Assert.InRange(f.TrackLengthMm, 46, 50.5);
        Assert.InRange(f.Straightness, 0.97, 1.0);
        Assert.InRange(f.PcaLinearity, 0.99, 1.0 + 1e-12);
    }

    [Fact]
    public void Detached_deposits_are_separate_clusters_and_only_big_ones_are_significant()
    {
        var f = new SyntheticCloud()
            .Segment(Origin, Origin + new Vec3(0.02, 0, 0))      // 20 mm x 100 e/mm = 2000 e
            .Blob(Origin + new Vec3(0, 0.05, 0), 5000)          // significant, 50 mm away from the track start
            .Blob(Origin + new Vec3(0, 0, -0.12), 100)          // too small to be significant
            .Measure();

        Assert.Equal(3, f.Clusters);
        Assert.Equal(2, f.SignificantClusters);
        // Main cluster = the 5000 e blob (most charge): 5000 / 7100.
        Assert.Equal(5000.0 / (2000 + 20 + 5000 + 100), f.MainClusterChargeFraction, 2);
        Assert.Equal(1 - f.MainClusterChargeFraction, f.DetachedChargeFraction, 12);
        // Farthest significant detached cluster: the segment centroid, |(10, -50, 0)| mm from the blob.
        Assert.Equal(Math.Sqrt(10 * 10 + 50 * 50), f.FarthestDetachedMm, 0);
    }

    [Fact]
    public void A_Y_has_three_branches_and_short_twigs_are_pruned()
    {
        var center = Origin;
        var f = new SyntheticCloud()
            .Prong(center, 0, 30).Prong(center, 120, 30).Prong(center, 240, 30)
            .Prong(center + new Vec3(0, 0, 0.015), 90, 3)   // a 3 mm twig off the first arm: not a branch
            .Measure();

        Assert.Equal(3, f.Branches);
        Assert.Equal(3, f.Endpoints);
        Assert.Equal(1, f.Junctions);
        Assert.InRange(f.TrackLengthMm, 84, 92);
    }

    [Theory]
    [InlineData(20, 40, 40)]   // symmetric V, 40 degrees
    [InlineData(30, 60, 20)]   // asymmetric: 60 mm vs 20 mm prongs
    public void A_V_at_the_truth_vertex_gives_its_opening_angle_and_symmetry(double halfAngleDeg, double lengthA, double lengthB)
    {
        var vertex = Origin;
        var f = new SyntheticCloud().Prong(vertex, halfAngleDeg, lengthA).Prong(vertex, -halfAngleDeg, lengthB).Measure(truthVertex: vertex);

        var prongs = f.AtTruthVertex!;
        Assert.Equal(2, prongs.SignificantProngs);
        Assert.Equal(2 * halfAngleDeg, prongs.OpeningAngleDeg!.Value, 0);
        // Charge beyond the sphere cut: each prong loses the same radius.
        double r = prongs.RadiusM * 1e3;
        double expected = (Math.Min(lengthA, lengthB) - r) / (Math.Max(lengthA, lengthB) - r);
        Assert.Equal(expected, prongs.Symmetry, 1);
    }

    [Fact]
    public void The_estimated_vertex_of_a_clean_V_is_near_its_apex()
    {
        var vertex = Origin;
        var f = new SyntheticCloud().Prong(vertex, 25, 50).Prong(vertex, -25, 45).Measure(truthVertex: vertex);

        Assert.NotNull(f.AtRecoVertex);
        Assert.Equal(2, f.AtRecoVertex!.SignificantProngs);
        Assert.InRange(f.VertexErrorMm!.Value, 0, 4);
        Assert.InRange(f.AtRecoVertex.OpeningAngleDeg!.Value, 45, 55);
    }

    [Fact]
    public void Cost_is_independent_of_the_volume_between_clusters()
    {
        // Two deposits a metre apart: a dense grid would need 10^11 voxels; hashing needs two.
        var f = new SyntheticCloud().Blob(Origin, 3000).Blob(Origin + new Vec3(1, 1, 1), 3000).Measure(voxelMm: 0.5);
        Assert.Equal(2, f.Clusters);
        Assert.Equal(Math.Sqrt(3) * 1000, f.FarthestDetachedMm, 0);
    }
}
