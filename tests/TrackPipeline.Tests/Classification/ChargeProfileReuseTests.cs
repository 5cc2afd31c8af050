using TrackPipeline.Classification;
using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The classifier's charge profile reuses the voxel grid and skeleton the topology stage built on the same pixels
/// (issue 14: it used to build them again), and the detached clusters' alignment its connected clusters (issue 9
/// round 6: it used to number them again). The features must be the same to the bit either way, or the shipped
/// model would see other numbers than it was trained on.
/// </summary>
public sealed class ChargeProfileReuseTests
{
    [SharedDataFact]
    public void The_features_from_the_kept_skeleton_equal_those_built_again_on_the_sample()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var topology = Shipped.Topology;
        var view = Shipped.Classifier.FeatureView(topology);
        // The run's chain up to the classifier, seed 7: the reconstruction's start and direction give the alignment and
        // the start stem.
        var detector = DetectorStages.Create(config, 7, material: null);
        var pixels = detector.Pixels;
        var stages = MeasurementChain.Of(detector, topology, Shipped.Reconstruction);
        // Tracks of every shape: short electrons (a short path, profile None), long ones, pairs.
        var sources = new[] { "electrons/E0001000", "electrons/E0010000", "photons/E0010000", "photons/E0050000" }
            .SelectMany(folder => DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", folder)).Take(3))
            .ToList();
        int withProfile = 0, withDetached = 0;
        foreach (var source in sources)
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var shape = item.Topology!;
            if (shape.Pixels is null) continue;
            Assert.NotNull(shape.PixelSkeleton);
            Assert.True(pixels.TryGetPixels(item, out var cloud, out var pitchM));

            var reused = new float[DetectorFeatures.Count];
            var rebuilt = new float[DetectorFeatures.Count];
            DetectorFeatures.Fill(DetectorMeasurement.OfPixels(cloud, pitchM, shape.Pixels, item.Reconstruction, shape.PixelSkeleton), view, reused);
            DetectorFeatures.Fill(DetectorMeasurement.OfPixels(cloud, pitchM, shape.Pixels, item.Reconstruction, skeleton: null), view, rebuilt);
            for (int f = 0; f < DetectorFeatures.Count; f++)
                Assert.True(BitConverter.SingleToInt32Bits(rebuilt[f]) == BitConverter.SingleToInt32Bits(reused[f]),
                    $"{source.Name}: feature {DetectorFeatures.Names[f]} is {reused[f]} from the kept skeleton, {rebuilt[f]} built again");
            if (reused[28] != -1) withProfile++;   // start_ke_per_mm: the profile was measured, not None
            if (reused[DetectorFeatures.DetachedMeanCosine] != -2) withDetached++;   // the alignment read significant detached clusters
        }
        Assert.True(withProfile >= 4, $"only {withProfile} of {sources.Count} tracks had a charge profile: the comparison shows little");
        Assert.True(withDetached >= 3, $"only {withDetached} of {sources.Count} tracks had significant detached clusters seen from a start: the alignment comparison shows little");
    }

    [Fact]
    public void A_skeleton_of_another_pitch_is_not_reused()
    {
        // Two points 3 mm apart in one 10 mm voxel, as kept by a topology stage at 10 mm: the profile at a 1 mm pitch
        // must not read that coarse grid (it would find one voxel, not a path).
        double[] x = [0, 0.001, 0.002, 0.003, 0.004, 0.005], y = new double[6], z = new double[6], q = [1000, 1000, 1000, 1000, 1000, 1000];
        var cloud = new ChargeCloud(x, y, z, q);
        var topology = Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud, 0.010, 0.010, null, topology, out var coarse);
        Assert.NotNull(coarse);
        var view = Shipped.Classifier.FeatureView(topology);
        var withCoarse = new float[DetectorFeatures.Count];
        var own = new float[DetectorFeatures.Count];
        DetectorFeatures.Fill(DetectorMeasurement.OfPixels(cloud, 0.001, shape, null, coarse), view, withCoarse);
        DetectorFeatures.Fill(DetectorMeasurement.OfPixels(cloud, 0.001, shape, null, skeleton: null), view, own);
        Assert.NotEqual(-1f, own[28]);   // at 1 mm the six points make a path with a profile
        Assert.Equal(own, withCoarse);
    }
}
