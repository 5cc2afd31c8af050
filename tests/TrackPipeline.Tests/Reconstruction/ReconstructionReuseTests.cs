using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The reconstruction on pixels reads the voxel grid, clusters, main cluster and its unpruned tree the topology stage
/// built on the same pixels at the same pitch (issue 13, round 7: it binned, clustered and spanned them again). Every
/// reconstructed number must be the same to the bit either way.
/// </summary>
public sealed class ReconstructionReuseTests
{
    [SharedDataFact]
    public void The_reconstruction_from_the_topology_grids_equals_the_one_built_again_on_the_sample()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var topology = Shipped.Topology;
        // The run's chain (read, drift, readout, topology, reconstruction), seed 7.
        var detector = DetectorStages.Create(config, 7, material: null);
        var pixels = detector.Pixels;
        var stages = MeasurementChain.Of(detector, topology, Shipped.Reconstruction);
        var reconstruction = new ChargeReconstruction(Shipped.Reconstruction, topology, config.Medium.KeVPerCollectedElectron);
        // Short electrons (no tree), long ones, pairs (a vertex, lepton fits).
        var sources = new[] { "electrons/E0000300", "electrons/E0001000", "electrons/E0010000", "photons/E0010000", "photons/E0050000" }
            .SelectMany(folder => DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", folder)).Take(3))
            .ToList();
        int withTree = 0, withPair = 0, withStart = 0;
        foreach (var source in sources)
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var shape = item.Topology!;
            if (shape.Pixels is null) continue;
            Assert.True(pixels.TryGetPixels(item, out var cloud, out var pitchM));
            Assert.NotNull(shape.PixelSkeleton?.MainCluster);
            if (shape.PixelSkeleton!.MainClusterTree is not null) withTree++;

            var reused = reconstruction.Reconstruct(cloud, pitchM, pitchM, shape.Pixels.AtPairVertex, shape.PixelSkeleton);
            var rebuilt = reconstruction.Reconstruct(cloud, pitchM, pitchM, shape.Pixels.AtPairVertex);
            Assert.Equal(Numbers(rebuilt), Numbers(reused));
            Assert.Equal(rebuilt.PhotonMethod, reused.PhotonMethod);
            if (reused.Pair is not null) withPair++;
            if (reused.Start is not null) withStart++;
        }
        Assert.True(withTree >= 8, $"only {withTree} of {sources.Count} tracks kept a tree: the comparison shows little");
        Assert.True(withPair >= 2, $"only {withPair} of {sources.Count} tracks had a pair fit: the comparison shows little");
        Assert.True(withStart >= 10, $"only {withStart} of {sources.Count} tracks had a start fit: the comparison shows little");
    }

    [Fact]
    public void Grids_of_another_voxel_size_are_not_reused()
    {
        // A straight 6 mm line of charge: kept at 10 mm it is one voxel, no start; at 1 mm the start fit finds its end.
        double[] x = [0, 0.001, 0.002, 0.003, 0.004, 0.005], y = new double[6], z = new double[6], q = [1000, 1000, 1000, 1000, 1000, 1000];
        var cloud = new ChargeCloud(x, y, z, q);
        var topology = Shipped.Topology;
        ShapeAnalysis.Measure(cloud, 0.010, 0.010, null, topology, out var coarse);
        Assert.NotNull(coarse);
        var reconstruction = new ChargeReconstruction(Shipped.Reconstruction, topology, 0.0236);
        var own = reconstruction.Reconstruct(cloud, 0.001, 0.001, null);
        var withCoarse = reconstruction.Reconstruct(cloud, 0.001, 0.001, null, coarse);
        Assert.NotNull(own.Start);
        Assert.Equal(Numbers(own), Numbers(withCoarse));
    }

    /// <summary>Every number the reconstruction writes, as bits (NaN and -0 compared exactly).</summary>
    private static long[] Numbers(TrackReconstruction r)
    {
        double?[] values =
        [
            r.Vertex?.X, r.Vertex?.Y, r.Vertex?.Z, r.Pair?.SplitRadiusMm, r.Pair?.OpeningAngleDeg, r.Pair?.EnergySplit,
            r.Pair?.A.Direction.X, r.Pair?.A.Direction.Y, r.Pair?.A.Direction.Z, r.Pair?.A.DirectionSigmaDeg, r.Pair?.A.EnergyKev, r.Pair?.A.BremEnergyKev,
            r.Pair?.B.Direction.X, r.Pair?.B.Direction.Y, r.Pair?.B.Direction.Z, r.Pair?.B.DirectionSigmaDeg, r.Pair?.B.EnergyKev, r.Pair?.B.BremEnergyKev,
            r.PhotonDirection?.X, r.PhotonDirection?.Y, r.PhotonDirection?.Z, r.PhotonSigmaDeg,
            r.Start?.Start.X, r.Start?.Start.Y, r.Start?.Start.Z, r.Start?.StartSigmaMm, r.Start?.Direction.X, r.Start?.Direction.Y,
            r.Start?.Direction.Z, r.Start?.DirectionSigmaDeg, r.Start?.EndDensityRatio, r.Start?.EnergyKev,
        ];
        return [.. values.Select(v => v is { } d ? BitConverter.DoubleToInt64Bits(d) : long.MinValue)];
    }
}
