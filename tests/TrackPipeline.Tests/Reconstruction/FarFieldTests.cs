using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The far field (<see cref="FarField"/>) on events of known shape: converted brems spread around the photon axis with a
/// known angular width (seeded), annihilation photons off to the side, and the inverse-variance combination in closed form;
/// then generated 50 MeV pair photons through drift and readout, against their true direction.
/// </summary>
public sealed class FarFieldTests(ITestOutputHelper output)
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);
    private static readonly Vec3 Photon = new Vec3(0.3, -0.5, 0.8).Normalized();

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    private static double Gauss(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// A shower seen from its vertex: <paramref name="blobs"/> equal blobs 3-30 cm ahead, each turned off the photon axis by a
    /// projected Gaussian angle of <paramref name="sigmaDeg"/> in both transverse directions.
    /// </summary>
    private static SyntheticCloud Shower(Random random, int blobs, double sigmaDeg)
    {
        var cloud = new SyntheticCloud();
        var (e1, e2) = ScatteringCorridor.Transverse(Photon);
        double sigma = sigmaDeg * Math.PI / 180;
        for (int i = 0; i < blobs; i++)
        {
            double r = 0.03 + 0.27 * random.NextDouble();
            var direction = (Photon + Math.Tan(sigma * Gauss(random)) * e1 + Math.Tan(sigma * Gauss(random)) * e2).Normalized();
            cloud.Blob(Vertex + r * direction, 2000);
        }
        return cloud;
    }

    [Fact]
    public void The_far_field_points_along_the_shower_and_its_spread_is_the_charges_angular_width()
    {
        var random = new Random(20261128);
        var grid = new VoxelGrid(Shower(random, 400, 10).Cloud(), VoxelM);

        var far = FarField.Centroid(grid, Vertex, 0);

        Assert.NotNull(far);
        // 400 blobs of a 10 deg width: the mean's error is 10 / sqrt(400) = 0.5 deg per projection.
        Assert.InRange(AngleDeg(far!.Value.Direction, Photon), 0, 2.0);
        Assert.InRange(far.Value.SpreadRad * 180 / Math.PI, 9.0, 11.0);
    }

    [Fact]
    public void A_cone_around_the_near_line_keeps_annihilation_photons_out_of_the_far_field()
    {
        var random = new Random(7);
        var cloud = Shower(random, 200, 5);
        // Two 511 keV photons converting 10 cm away at right angles to the photon, on the same side: each carries as much
        // charge as 20 blobs of the shower.
        var (e1, _) = ScatteringCorridor.Transverse(Photon);
        cloud.Blob(Vertex + 0.10 * e1, 40000).Blob(Vertex + 0.12 * (e1 + 0.2 * Photon).Normalized(), 40000);
        var grid = new VoxelGrid(cloud.Cloud(), VoxelM);

        var all = FarField.Centroid(grid, Vertex, 0)!.Value;
        var cone = FarField.Centroid(grid, Vertex, 0, Photon + 0.1 * e1, 45 * Math.PI / 180)!.Value;

        Assert.True(AngleDeg(all.Direction, Photon) > 4, $"all charge: {AngleDeg(all.Direction, Photon):F1} deg");
        Assert.InRange(AngleDeg(cone.Direction, Photon), 0, 1.5);
        Assert.True(cone.SpreadRad < all.SpreadRad);
    }

    [Fact]
    public void Two_directions_combine_by_their_variances()
    {
        var a = new Vec3(0, 0, 1);
        var b = new Vec3(Math.Sin(10 * Math.PI / 180), 0, Math.Cos(10 * Math.PI / 180));

        var (even, evenSigma) = FarField.Combine(a, 2, b, 2);
        var (uneven, unevenSigma) = FarField.Combine(a, 1, b, 2);

        // Equal errors: the bisector, error / sqrt 2. Errors 1 : 2: weights 4 : 1, so a fifth of the way from a to b.
        Assert.Equal(5.0, AngleDeg(even, a), 6);
        Assert.Equal(2 / Math.Sqrt(2), evenSigma, 9);
        double expected = Math.Atan2(0.25 * b.X, 1 + 0.25 * b.Z) * 180 / Math.PI;
        Assert.Equal(expected, AngleDeg(uneven, a), 6);
        Assert.InRange(AngleDeg(uneven, a), 1.9, 2.1);
        Assert.Equal(1 / Math.Sqrt(1.25), unevenSigma, 9);
    }

    [Fact]
    public void Without_charge_away_from_the_vertex_there_is_no_far_field()
    {
        var grid = new VoxelGrid(new SyntheticCloud().Blob(Vertex, 1000).Cloud(), VoxelM);
        Assert.Null(FarField.Centroid(grid, Vertex, 0.001));
    }

    /// <summary>
    /// Generated 50 MeV photons (seed 9090, not a set anything was chosen on), 40 of them, through 1 cm of drift and GAMPixG
    /// readout, reconstructed with the near fit alone (shipped) and combined with the far field as round 7 measured it
    /// (cone 20 deg, error 2 x spread). Measured when written: 34 pairs, far field (all charge) 18.7 deg, near fit 7.9,
    /// combined 8.7, closer than the near fit in 19: why the combination ships off (on 150 pairs per energy at two seeds it
    /// gained 4-13 % at 50 MeV, here it loses 10 %: within the scatter). The bounds hold the far field to pointing along the
    /// photon and the combination to the near fit's neighbourhood, not to a gain.
    /// </summary>
    [Fact]
    public void On_generated_50_MeV_pairs_the_far_field_points_and_the_combination_stays_near_the_near_fit()
    {
        var root = Directory.CreateTempSubdirectory("farfield");
        try
        {
            new DatasetGenerator(GeneratorFixture.Generator).Generate(new GenerationRequest
            {
                OutputRoot = root.FullName, Particles = [Particle.Photon], EnergiesKev = [50000], Count = 40, Seed = 9090,
            });
            var config = DriftFixtures.Load("GAMPixG");
            var pixels = new TriggeredPixelCloud(config.Readout);
            var nearOnly = Shipped.Reconstruction;
            nearOnly.FarFieldSpreadScale = 0;
            var combined = Shipped.Reconstruction;
            combined.FarFieldConeHalfAngleDeg = 20;
            combined.FarFieldSpreadScale = 2;
            ITrackStage[] stages =
            [
                new ReadStage(),
                new DriftStage(config.Medium, config.Drift, config.Readout.AnodeGeometry, 7),
                new ReadoutStage(config.Readout, 7),
                new TopologyStage(Shipped.Topology, pixels),
            ];
            var withFar = new ReconstructionStage(combined, Shipped.Topology, config.Medium.KeVPerCollectedElectron, pixels);
            var near = new ReconstructionStage(nearOnly, Shipped.Topology, config.Medium.KeVPerCollectedElectron, pixels);
            var farAngles = new List<double>(); var nearAngles = new List<double>(); var combinedAngles = new List<double>();
            int closer = 0;
            foreach (var source in DatasetDiscovery.Discover(root.FullName))
            {
                var item = new TrackItem(source);
                foreach (var stage in stages) stage.Process(item, CancellationToken.None);
                var truth = item.RequireTrack().Truth ?? throw new InvalidOperationException($"{source.Name}: a generated track without its pickle");
                if (truth.FirstInteraction != "pair" || item.Topology!.Pixels?.AtPairVertex is not { } at) continue;
                near.Process(item, CancellationToken.None);
                if (item.Reconstruction?.PhotonDirection is not { } n) continue;
                withFar.Process(item, CancellationToken.None);
                var c = item.Reconstruction!.PhotonDirection!.Value;
                Assert.True(pixels.TryGetPixels(item, out var cloud, out var pitch));
                if (FarField.Centroid(new VoxelGrid(cloud, pitch), at.Vertex, 0) is { } far) farAngles.Add(AngleDeg(far.Direction, truth.InitialDirection));
                nearAngles.Add(AngleDeg(n, truth.InitialDirection));
                combinedAngles.Add(AngleDeg(c, truth.InitialDirection));
                if (combinedAngles[^1] < nearAngles[^1]) closer++;
            }
            double farMedian = Median(farAngles), nearMedian = Median(nearAngles), combinedMedian = Median(combinedAngles);
            output.WriteLine($"pairs {nearAngles.Count}: far field {farMedian:F1} deg, near {nearMedian:F1}, combined {combinedMedian:F1} (closer in {closer})");
            Assert.True(nearAngles.Count >= 25, $"only {nearAngles.Count} of 40 photons converted first with a vertex: too few to judge");
            Assert.InRange(farMedian, 0, 25);                          // isotropic charge would be ~60 deg off
            Assert.InRange(combinedMedian, 0.8 * nearMedian, 1.2 * nearMedian);
            Assert.True(closer >= 0.4 * nearAngles.Count, $"the combination is closer than the near fit in {closer} of {nearAngles.Count}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static double Median(List<double> v)
    {
        if (v.Count == 0) return double.NaN;
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }
}
