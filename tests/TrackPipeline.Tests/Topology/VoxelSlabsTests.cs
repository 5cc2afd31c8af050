using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The cone vertex reads each end's two-track stem from the slab of voxels that can lie in it (<see cref="VoxelSlabs"/>):
/// the number must be the one a pass over every voxel gives, bit for bit, whatever the end and its direction.
/// </summary>
public sealed class VoxelSlabsTests
{
    private const double VoxelM = 0.5e-3;

    [Fact]
    public void The_stem_read_from_its_slab_is_the_stem_read_from_every_voxel()
    {
        // An oblique narrow pair, a lepton crossing it and a blob: stems in every direction, some full, some empty.
        var vertex = new Vec3(0.0123, -0.0207, 0.0331);
        var cloud = new SyntheticCloud()
            .Segment(vertex, vertex + new Vec3(0.020, 0.011, 0.025))
            .Segment(vertex, vertex + new Vec3(0.021, 0.009, 0.024))
            .Segment(vertex + new Vec3(0.015, -0.010, 0.002), vertex + new Vec3(0.002, 0.017, 0.030), 60)
            .Blob(vertex + new Vec3(0.001, 0.002, 0.003), 900)
            .Cloud();
        var main = new VoxelGrid(cloud, VoxelM);
        var cue = new PairVertex.TwoTrackCue(1.5e-3, 4.5e-3, 1.5e-3, MipElectronsPerM: 100e3, Weight: 0.3);
        using var slabs = new VoxelSlabs(main);

        var directions = new List<Vec3>();
        for (int i = -1; i <= 1; i++)
            for (int j = -1; j <= 1; j++)
                for (int k = -1; k <= 1; k++)
                    if (i != 0 || j != 0 || k != 0) directions.Add(new Vec3(i, j + 0.3 * i, k - 0.2 * j).Normalized());
        int read = 0;
        for (int v = 0; v < main.Count; v++)
            foreach (var direction in directions)
            {
                var end = main.Centroid(v);
                double everyVoxel = cue.StemMips(main, end, direction);
                double fromSlab = cue.StemMips(main, slabs, end, direction);
                Assert.Equal(BitConverter.DoubleToInt64Bits(everyVoxel), BitConverter.DoubleToInt64Bits(fromSlab));
                if (everyVoxel > 0) read++;
            }
        // Not a comparison of zeros: most ends of a track cm long see charge along some of the directions.
        Assert.True(read > main.Count, $"{read} stems with charge of {main.Count * directions.Count}");
    }
}
