using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// Issue 13, round 12: two look-ups the topology skips. The voxel grid reuses the voxel of the point before when a point
/// falls in it (no hash probe), and the charge around a point skips the cells of its cube that lie wholly beyond the
/// radius. Both must give, to the bit, what the plain form gives, on the sample's raw deposits and pixels: the grid against
/// a binning by a dictionary in first-met order, the charge around a point against a sum over every voxel of the grid.
/// </summary>
public sealed class VoxelLookupShortcutTests
{
    [SharedDataFact]
    public void Grid_and_charge_around_points_equal_the_plain_forms_on_the_sample()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var topology = Shipped.Topology;
        var detector = DetectorStages.Create(config, 7, material: null);
        var stages = MeasurementChain.Of(detector, topology, Shipped.Reconstruction);
        var sources = new[] { "electrons/E0000300", "electrons/E0001000", "electrons/E0010000", "photons/E0010000", "photons/E0050000" }
            .SelectMany(folder => DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", folder)).Take(2))
            .ToList();
        int clouds = 0, reused = 0, centres = 0, withCharge = 0;
        foreach (var source in sources)
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var deposits = item.RequireTrack().Deposits;
            var q = Array.ConvertAll(deposits.NumElectrons, n => (double)n);
            var raw = new ChargeCloud(deposits.X.ToArray(), deposits.Y.ToArray(), deposits.Z.ToArray(), q);
            Compare(raw, topology.RawLinkingLengthMm * 1e-3);
            Compare(raw, topology.RawVertexVoxelMm * 1e-3);
            if (detector.Pixels.TryGetPixels(item, out var pixels, out var pitchM)) Compare(pixels, pitchM);
        }

        void Compare(ChargeCloud cloud, double voxelM)
        {
            var voxelOfPoint = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, voxelM, voxelOfPoint);
            var (plain, plainOfPoint) = PlainBinning(cloud, voxelM);
            Assert.Equal(plain, Voxels(grid));
            Assert.Equal(plainOfPoint, voxelOfPoint);
            if (grid.Count == 0) return;
            clouds++;
            for (int i = 1; i < cloud.Count; i++) if (voxelOfPoint[i] >= 0 && voxelOfPoint[i] == voxelOfPoint[i - 1]) reused++;

            // Centres: voxel centroids (on charge, as the skeleton's nodes are) and points between voxels; radii of
            // under a voxel to several voxels, as the profile, the plateau and the start fit ask.
            var axis = new Vec3(0.6, -0.48, 0.64);
            var byIndices = Enumerable.Range(0, grid.Count).OrderBy(v => grid.Indices(v)).ToArray();
            for (int v = 0; v < grid.Count; v += Math.Max(1, grid.Count / 40))
            {
                var c = grid.Centroid(v);
                foreach (var centre in new[] { c, c + voxelM * new Vec3(0.37, 0.5, -0.21) })
                    foreach (double radius in new[] { 0.6 * voxelM, 2.5 * voxelM, 7 * voxelM })
                    {
                        var (ahead, all) = TrackEnds.ChargeAhead(grid, centre, axis, radius);
                        var (plainAhead, plainAll) = PlainChargeAhead(grid, byIndices, centre, axis, radius);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(plainAll), BitConverter.DoubleToInt64Bits(all));
                        Assert.Equal(BitConverter.DoubleToInt64Bits(plainAhead), BitConverter.DoubleToInt64Bits(ahead));
                        centres++;
                        if (all > 0) withCharge++;
                    }
            }
        }
        Assert.True(clouds >= 25, $"only {clouds} clouds compared");
        Assert.True(reused > 10_000, $"only {reused} points fell in the voxel of the point before: the shortcut is barely tested");
        Assert.True(withCharge > 1_000, $"{withCharge} of {centres} centres had charge around them");
    }

    /// <summary>Voxels numbered in first-met order by a dictionary, charge and charge-weighted sums added in point order.</summary>
    private static (List<string> Voxels, int[] VoxelOfPoint) PlainBinning(ChargeCloud cloud, double voxelM)
    {
        var number = new Dictionary<(int, int, int), int>();
        var keys = new List<(int, int, int)>();
        var sums = new List<double[]>();
        var voxelOfPoint = new int[cloud.Count];
        double inv = 1.0 / voxelM;
        for (int i = 0; i < cloud.Count; i++)
        {
            double q = cloud.Charge[i];
            if (q <= 0) { voxelOfPoint[i] = -1; continue; }
            var key = ((int)Math.Floor(cloud.X[i] * inv), (int)Math.Floor(cloud.Y[i] * inv), (int)Math.Floor(cloud.Z[i] * inv));
            if (!number.TryGetValue(key, out int v))
            {
                v = number[key] = keys.Count;
                keys.Add(key);
                sums.Add(new double[4]);
            }
            voxelOfPoint[i] = v;
            var s = sums[v];
            s[0] += q; s[1] += q * cloud.X[i]; s[2] += q * cloud.Y[i]; s[3] += q * cloud.Z[i];
        }
        var voxels = keys.Select((k, v) =>
        {
            var s = sums[v];
            return $"{k} {Bits(s[0])} {Bits(s[1] / s[0])} {Bits(s[2] / s[0])} {Bits(s[3] / s[0])}";
        }).ToList();
        return (voxels, voxelOfPoint);
    }

    /// <summary>Every voxel whose centroid lies within the radius, in the order of their indices (the order the cube of cells is walked in).</summary>
    private static (double Ahead, double All) PlainChargeAhead(VoxelGrid grid, int[] byIndices, Vec3 centre, Vec3 axis, double radiusM)
    {
        double r2 = radiusM * radiusM, side = 0.25 * grid.VoxelSizeM, ahead = 0, all = 0;
        foreach (int v in byIndices)
        {
            var d = grid.Centroid(v) - centre;
            if (d.Dot(d) > r2) continue;
            double q = grid.Charge(v), along = d.Dot(axis);
            all += q;
            ahead += along > side ? q : along > -side ? 0.5 * q : 0;
        }
        return (ahead, all);
    }

    private static List<string> Voxels(VoxelGrid g) =>
        Enumerable.Range(0, g.Count).Select(v =>
        {
            var c = g.Centroid(v);
            return $"{g.Indices(v)} {Bits(g.Charge(v))} {Bits(c.X)} {Bits(c.Y)} {Bits(c.Z)}";
        }).ToList();

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}
