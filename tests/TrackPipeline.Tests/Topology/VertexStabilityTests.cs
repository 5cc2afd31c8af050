using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The pair vertex (cone vertex, and the event vertex where it applies; shipped settings) must not depend on the drift's
/// random draw: generated 50 MeV photons whose first interaction is a pair (seed 9191, not a set anything was chosen on),
/// each drifted 1 cm and read out with three detector seeds. A track's vertex "changes" when one draw's lies more than 5 mm
/// from another's. Issue 10 round 10 measured 6 of 108 generated 50 MeV pairs changing over six seeds (docs/reconstruction.md),
/// so over three seeds at most a fifth of the tracks may change, and most vertices must sit on the conversion point.
/// Measured when written: 11 pairs, 1 changes, 21 of 33 draws within 3 mm.
/// </summary>
public sealed class VertexStabilityTests(ITestOutputHelper output)
{
    private static readonly ulong[] DetectorSeeds = [7, 8, 9];

    [Fact]
    public void On_generated_50_MeV_pairs_the_vertex_holds_across_detector_seeds()
    {
        var root = Directory.CreateTempSubdirectory("vertexstability");
        try
        {
            new DatasetGenerator(GeneratorFixture.Generator).Generate(new GenerationRequest
            {
                OutputRoot = root.FullName, Particles = [Particle.Photon], EnergiesKev = [50000], Count = 12, Seed = 9191,
            });
            var config = DriftFixtures.Load("GAMPixG");
            var pixels = new TriggeredPixelCloud(config.Readout);
            var topology = Shipped.Topology;
            int pairs = 0, changed = 0, draws = 0, right = 0;
            foreach (var source in DatasetDiscovery.Discover(root.FullName))
            {
                var vertices = new List<Vec3>();
                Vec3? apex = null;
                foreach (ulong seed in DetectorSeeds)
                {
                    var item = new TrackItem(source);
                    ITrackStage[] stages =
                    [
                        new ReadStage(),
                        new DriftStage(config.Medium, config.Drift, config.Readout.AnodeGeometry, seed),
                        new ReadoutStage(config.Readout, seed),
                        new TopologyStage(topology, pixels),
                    ];
                    foreach (var stage in stages) stage.Process(item, CancellationToken.None);
                    var truth = item.RequireTrack().Truth ?? throw new InvalidOperationException($"{source.Name}: a generated track without its pickle");
                    if (truth.FirstInteraction != "pair" || truth.Pair.Count == 0) break;
                    apex = truth.Pair.Positions[0];
                    if (item.Topology?.Pixels?.AtPairVertex is { } v) vertices.Add(v.Vertex);
                }
                if (apex is null || vertices.Count != DetectorSeeds.Length) continue;
                pairs++;
                draws += vertices.Count;
                right += vertices.Count(v => (v - apex.Value).Length <= 3e-3);
                bool moves = false;
                for (int a = 0; a < vertices.Count; a++)
                    for (int b = a + 1; b < vertices.Count; b++)
                        moves |= (vertices[a] - vertices[b]).Length > 5e-3;
                if (moves) changed++;
            }
            output.WriteLine($"pairs {pairs}: vertex changes between detector seeds in {changed}; {right} of {draws} draws within 3 mm of the conversion");
            Assert.True(pairs >= 6, $"only {pairs} of 12 photons converted first with a vertex at every seed: too few to judge");
            Assert.True(changed * 5 <= pairs, $"the vertex changes with the detector seed in {changed} of {pairs} pairs");
            Assert.True(right * 2 > draws, $"only {right} of {draws} draws within 3 mm of the conversion point");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
