using TrackPipeline.Classification;
using TrackPipeline.Formats.Pickle;
using TrackPipeline.Generation;
using TrackPipeline.Tests.Generation;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Classification;

/// <summary>The truth labels follow the documented rules, on hand-made truths and on generated tracks of known kind.</summary>
public class TruthLabelTests
{
    private static readonly LabelSettings Rules = Shipped.Labels;

    private static TrackTruth Truth(string particle, double energyKev, InteractionPoints? brem = null, InteractionPoints? compton = null,
        InteractionPoints? photo = null, InteractionPoints? pair = null, PairLeptonTruth[]? leptons = null) => new()
    {
        NumElectrons = 1000,
        TrackEnergyKev = energyKev,
        Origin = Vec3.Zero,
        InitialDirection = new Vec3(0, 0, 1),
        FirstInteraction = particle == "electrons" ? "n/a" : pair is { Count: > 0 } ? "pair" : "compton",
        InitialParticle = particle,
        Brem = brem ?? InteractionPoints.None,
        Compton = compton ?? InteractionPoints.None,
        Photo = photo ?? InteractionPoints.None,
        Pair = pair ?? InteractionPoints.None,
        PairLeptons = leptons ?? [],
    };

    private static InteractionPoints At(params (double XMm, double Kev)[] points) =>
        new(points.Select(p => new Vec3(p.XMm * 1e-3, 0, 0)).ToArray(), points.Select(p => p.Kev).ToArray());

    [Fact]
    public void Electrons_are_neat_below_the_brem_fraction_and_blobs_below_the_track_energy()
    {
        Assert.Equal(QuestCategory.NeatElectron, TruthLabel.Of(Truth("electrons", 5000, brem: At((1, 150), (2, 50))), Rules));   // 3 % visible
        Assert.Equal(QuestCategory.BremElectron, TruthLabel.Of(Truth("electrons", 5000, brem: At((1, 150), (2, 90), (3, 100))), Rules));   // 5 %
        // Many soft photons do not count: they stay within the track's pixels.
        Assert.Equal(QuestCategory.NeatElectron, TruthLabel.Of(Truth("electrons", 5000, brem: At((1, 99), (2, 99), (3, 99))), Rules));
        Assert.Equal(QuestCategory.SingleSite, TruthLabel.Of(Truth("electrons", 500), Rules));
    }

    private static LabelSettings WithSplitRule(PairSplitRule rule) => new()
    {
        MinElectronTrackKev = Rules.MinElectronTrackKev, VisibleBremKev = Rules.VisibleBremKev, NeatMaxBremFraction = Rules.NeatMaxBremFraction,
        SymmetricMinRatio = Rules.SymmetricMinRatio, PairSplitRule = rule, SiteMinKev = Rules.SiteMinKev, SiteSeparationMm = Rules.SiteSeparationMm,
    };

    [Fact]
    public void Pairs_split_by_the_lepton_energies_or_else_by_the_prong_symmetry_at_the_truth_vertex()
    {
        var rules = WithSplitRule(PairSplitRule.LeptonEnergies);
        var pair = At((0, 20000));
        Assert.Equal(QuestCategory.SymmetricPair, TruthLabel.Of(Truth("photons", 20000, pair: pair,
            leptons: [new(9000, new(0, 0, 1), 9978, new(0, 0.1, 1))]), rules, truthVertexSymmetry: 0.2));
        Assert.Equal(QuestCategory.WeirdPair, TruthLabel.Of(Truth("photons", 20000, pair: pair,
            leptons: [new(17000, new(0, 0, 1), 1978, new(0, 0.1, 1))]), rules, truthVertexSymmetry: 0.8));
        Assert.Equal(QuestCategory.SymmetricPair, TruthLabel.Of(Truth("photons", 20000, pair: pair), rules, truthVertexSymmetry: 0.8));
        Assert.Equal(QuestCategory.WeirdPair, TruthLabel.Of(Truth("photons", 20000, pair: pair), rules, truthVertexSymmetry: 0.2));
        Assert.Equal(QuestCategory.WeirdPair, TruthLabel.Of(Truth("photons", 20000, pair: pair), rules));
    }

    /// <summary>One rule for generated and PENELOPE pairs: the prong charges at the truth vertex decide even where the lepton energies are known.</summary>
    [Fact]
    public void The_prong_charge_rule_ignores_the_lepton_energies()
    {
        var rules = WithSplitRule(PairSplitRule.ProngCharges);
        var pair = At((0, 20000));
        Assert.Equal(QuestCategory.WeirdPair, TruthLabel.Of(Truth("photons", 20000, pair: pair,
            leptons: [new(9000, new(0, 0, 1), 9978, new(0, 0.1, 1))]), rules, truthVertexSymmetry: 0.2));
        Assert.Equal(QuestCategory.SymmetricPair, TruthLabel.Of(Truth("photons", 20000, pair: pair,
            leptons: [new(17000, new(0, 0, 1), 1978, new(0, 0.1, 1))]), rules, truthVertexSymmetry: 0.8));
        Assert.Equal(QuestCategory.WeirdPair, TruthLabel.Of(Truth("photons", 20000, pair: pair,
            leptons: [new(9000, new(0, 0, 1), 9978, new(0, 0.1, 1))]), rules));
    }

    [Fact]
    public void Photons_without_a_pair_are_multi_site_when_two_sites_lie_apart()
    {
        Assert.Equal(QuestCategory.MultiSiteCompton, TruthLabel.Of(Truth("photons", 1000, compton: At((0, 300)), photo: At((40, 700))), Rules));
        Assert.Equal(QuestCategory.SingleSite, TruthLabel.Of(Truth("photons", 1000, compton: At((0, 300)), photo: At((2, 700))), Rules));
        // A 5 keV recoil far away is below the site energy: still one site.
        Assert.Equal(QuestCategory.SingleSite, TruthLabel.Of(Truth("photons", 100, compton: At((30, 5)), photo: At((0, 95))), Rules));
        Assert.Null(TruthLabel.Of(null, Rules));
    }

    [Fact]
    public void Generated_photons_of_50_MeV_are_mostly_pairs_and_generated_electrons_of_1_MeV_mostly_neat()
    {
        int pairs = 0, neat = 0;
        for (int i = 0; i < 10; i++)
        {
            pairs += QuestCategory.IsPairClass(TruthLabel.Of(Read(Particle.Photon, 50, i), Rules)!) ? 1 : 0;
            neat += TruthLabel.Of(Read(Particle.Electron, 1, i), Rules) == QuestCategory.NeatElectron ? 1 : 0;
        }
        // Pair production is ~80 % of the 50 MeV attenuation in argon; a 1 MeV electron radiates ~0.3 % of its energy.
        Assert.InRange(pairs, 6, 10);
        Assert.InRange(neat, 8, 10);
    }

    private static TrackTruth Read(Particle particle, double energyMeV, int i)
    {
        var track = GeneratorFixture.Generator.Generate(particle, energyMeV, new TrackRandom((ulong)(4200 + i)));
        var bytes = PickleWriter.Write(TrackFileWriter.Truth(track, new Dictionary<string, object?>(), "LAr"));
        return TruthParser.Parse(PickleReader.Load(bytes, "generated"), "generated");
    }
}
