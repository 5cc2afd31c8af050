using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// A pair whose leptons never part on the pixels is still a pair: its stem carries two minimum-ionising tracks per length
/// (<see cref="TwoTrackStem"/>). On charge of known shape, and on generated photons and electrons through drift and readout.
/// </summary>
public sealed class TwoTrackStemTests(ITestOutputHelper output)
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);

    /// <summary>Shipped settings, with one MIP = the synthetic clouds' 100 electrons per mm.</summary>
    private static TopologySettings Settings()
    {
        var s = Shipped.Topology;
        s.VertexMipElectronsPerMm = 100;
        return s;
    }

    [Fact]
    public void Two_leptons_that_never_part_are_a_pair_and_one_track_is_not()
    {
        // Two 40 mm leptons 0.2 deg apart (0.14 mm apart at the far end: one pixel row all along) against one 40 mm track
        // of the same charge per lepton. No sphere splits either; only the charge per length tells them apart.
        var pair = new SyntheticCloud().Prong(Vertex, 0.1, 40).Prong(Vertex, -0.1, 40).Measure(settings: Settings(), voxelMm: 0.5).AtPairVertex;
        var single = new SyntheticCloud().Prong(Vertex, 0, 40).Measure(settings: Settings(), voxelMm: 0.5).AtPairVertex;

        Assert.NotNull(pair);
        Assert.NotNull(single);
        Assert.True(pair!.SignificantProngs < 2, $"{pair.SignificantProngs} prongs: the test needs leptons that do not part");
        Assert.InRange(pair.StemMips, 1.8, 2.2);
        Assert.True(pair.TwoTrackStem);
        Assert.True(pair.PairSeen);
        Assert.InRange(single!.StemMips, 0.8, 1.2);
        Assert.False(single.TwoTrackStem);
        Assert.False(single.PairSeen);
    }

    [Fact]
    public void Settings_of_the_stem_test_are_checked()
    {
        var s = Shipped.Topology;
        s.VertexPairStemToMm = s.VertexPairStemFromMm;
        s.VertexPairStemMinMips = 0;
        var problems = s.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Topology:VertexPairStemToMm"));
        Assert.Contains(problems, p => p.Contains("Topology:VertexPairStemMinMips"));
    }

    /// <summary>
    /// Generated 20 MeV photons and electrons (seed 4242, the set the stem stretch was chosen on), 20 of each, through
    /// 1 cm of drift and GAMPixG readout, shipped settings. Measured when written: 15 photons convert first; the V (two
    /// prongs or a two-track stem) is seen in 10 of them against 8 by prongs alone, 8 within 5 mm of the truth vertex;
    /// 4 of the 20 electrons show one (by prongs: a delta ray or brem near the start). The bounds leave room for a track
    /// or two either way, not for the stem test to stop adding pairs or to start calling electrons pairs.
    /// </summary>
    [Fact]
    public void Generated_pairs_show_their_V_more_often_with_the_stem_and_electrons_rarely_do()
    {
        var root = Directory.CreateTempSubdirectory("twotrackstem");
        try
        {
            var generator = new DatasetGenerator(GeneratorFixture.Generator);
            generator.Generate(new GenerationRequest
            {
                OutputRoot = root.FullName, Particles = [Particle.Electron, Particle.Photon], EnergiesKev = [20000], Count = 20, Seed = 4242,
            });
            var config = DriftFixtures.Load("GAMPixG");
            var topology = Shipped.Topology;
            // The run's chain, seed 7.
            var stages = MeasurementChain.Of(DetectorStages.Create(config, 7, material: null), topology, Shipped.Reconstruction);
            int pairs = 0, seen = 0, byProngs = 0, near = 0, electrons = 0, falseV = 0;
            foreach (var source in DatasetDiscovery.Discover(root.FullName))
            {
                var item = new TrackItem(source);
                foreach (var stage in stages) stage.Process(item, CancellationToken.None);
                var truth = item.RequireTrack().Truth ?? throw new InvalidOperationException($"{source.Name}: a generated track without its pickle");
                var at = item.Topology!.Pixels?.AtPairVertex;
                if (source.Particle == "electrons")
                {
                    electrons++;
                    if (at is { PairSeen: true }) falseV++;
                    continue;
                }
                if (truth.FirstInteraction != "pair") continue;
                pairs++;
                if (at is { PairSeen: true }) seen++;
                if (at is { SignificantProngs: >= 2 }) byProngs++;
                if (at is { PairSeen: true } && (at.Vertex - truth.Pair.Positions[0]).Length < 5e-3) near++;
            }
            output.WriteLine($"pairs {pairs}: V seen {seen}, by prongs alone {byProngs}, seen within 5 mm {near}; electrons {electrons}: false V {falseV}");
            Assert.Equal(20, electrons);
            Assert.True(pairs >= 10, $"only {pairs} of 20 photons converted first: too few to judge");
            Assert.True(seen > byProngs, $"the stem added no V: {seen} seen, {byProngs} by prongs alone, of {pairs} pairs");
            Assert.True(seen >= 0.55 * pairs, $"V seen in {seen} of {pairs} pairs");
            Assert.True(near >= 0.4 * pairs, $"V seen within 5 mm of the truth vertex in {near} of {pairs} pairs");
            Assert.True(falseV <= 6, $"{falseV} of {electrons} electrons show a V");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
