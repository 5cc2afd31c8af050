using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// One set of generated 50 MeV photons whose first interaction is a pair (seed 9090: not a set anything was chosen on), each
/// drifted 1 cm and read out by GAMPixG with three detector seeds, shared by the pair-vertex tests on generated truth
/// (<see cref="VertexStabilityTests"/>, <see cref="GeneratedEventVertexTests"/>) so that the generate-drift-readout runs
/// once per test run. The draws are read only (each test measures its own shapes from the triggered pixels), so the tests
/// can run side by side.
/// </summary>
public static class GeneratedPairDraws
{
    /// <summary>The detector seeds of the draws, in order; the first is the one a single-draw test reads.</summary>
    public static readonly ulong[] DetectorSeeds = [7, 8, 9];

    public const int Photons = 40;

    /// <summary>A converted photon: its truth vertex, its true direction (to score only) and its triggered pixels for each
    /// detector seed (same order as <see cref="DetectorSeeds"/>).</summary>
    public sealed record Pair(string Name, Vec3 Apex, Vec3 Photon, IReadOnlyList<Pixels> Draws)
    {
        /// <summary>The pixels' shape at draw <paramref name="draw"/> with <paramref name="settings"/>, as the topology stage measures it (no truth read).</summary>
        public ShapeFeatures Measure(int draw, TopologySettings settings)
        {
            var d = Draws[draw];
            return ShapeAnalysis.Measure(new ChargeCloud(d.X, d.Y, d.Z, d.Charge), d.PitchM, d.PitchM, null, settings, out _);
        }
    }

    /// <summary>One draw's triggered pixels (a copy: the readout's cloud is a view of the item's buffers).</summary>
    public sealed record Pixels(double[] X, double[] Y, double[] Z, double[] Charge, double PitchM);

    private static readonly Lazy<IReadOnlyList<Pair>> LazyPairs = new(Make);

    /// <summary>The photons whose first interaction is a pair, each with pixels at every seed.</summary>
    public static IReadOnlyList<Pair> Pairs => LazyPairs.Value;

    private static IReadOnlyList<Pair> Make()
    {
        var root = Directory.CreateTempSubdirectory("generatedpairs");
        try
        {
            new DatasetGenerator(GeneratorFixture.Generator).Generate(new GenerationRequest
            {
                OutputRoot = root.FullName, Particles = [Particle.Photon], EnergiesKev = [50000], Count = Photons, Seed = 9090,
            });
            var config = DriftFixtures.Load("GAMPixG");
            var pixels = new TriggeredPixelCloud(config.Readout);
            var pairs = new List<Pair>();
            foreach (var source in DatasetDiscovery.Discover(root.FullName))
            {
                var draws = new List<Pixels>();
                Vec3? apex = null;
                var photon = Vec3.Zero;
                foreach (ulong seed in DetectorSeeds)
                {
                    var item = new TrackItem(source);
                    ITrackStage[] stages =
                    [
                        new ReadStage(),
                        new DriftStage(config.Medium, config.Drift, config.Readout.AnodeGeometry, seed),
                        new ReadoutStage(config.Readout, seed),
                    ];
                    foreach (var stage in stages) stage.Process(item, CancellationToken.None);
                    var truth = item.RequireTrack().Truth ?? throw new InvalidOperationException($"{source.Name}: a generated track without its pickle");
                    if (truth.FirstInteraction != "pair" || truth.Pair.Count == 0) break;
                    apex = truth.Pair.Positions[0];
                    photon = truth.InitialDirection.Normalized();
                    if (!pixels.TryGetPixels(item, out var cloud, out var pitch)) break;
                    draws.Add(new Pixels(cloud.X.ToArray(), cloud.Y.ToArray(), cloud.Z.ToArray(), cloud.Charge.ToArray(), pitch));
                }
                if (apex is { } a && draws.Count == DetectorSeeds.Length) pairs.Add(new Pair(source.Name, a, photon, draws));
            }
            return pairs;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
