using TrackPipeline.Classification;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The quest keys (<see cref="QuestRanking"/>): among tracks the model is equally sure of, the one whose measured prong
/// split is clearly on the category's side of the limit, or whose detached charge lies ahead of its start, ranks first.
/// </summary>
public sealed class QuestRankingTests
{
    private static readonly PairCriteria Pairs = Shipped.Classifier.PairCriteria;

    private static double[] Probabilities(string cls, double p)
    {
        var probabilities = new double[QuestCategory.All.Length];
        probabilities[QuestCategory.IndexOf(cls)] = p;
        probabilities[QuestCategory.IndexOf(QuestCategory.Other)] = 1 - p;
        return probabilities;
    }

    // The reconstructed energy split (prong charge plus each lepton's brem clusters); the prong charges alone are set
    // equal unless a test says otherwise.
    private static float[] Features(double prongSplit = -1, double detachedCosine = -2, double? prongChargeOnly = null, double openingDeg = 30, double stemMips = 2.2)
    {
        var f = new float[DetectorFeatures.Count];
        f[DetectorFeatures.PairStemMips] = (float)stemMips;
        f[DetectorFeatures.PairOpeningAngle] = prongSplit >= 0 ? (float)openingDeg : -1;
        f[DetectorFeatures.EnergySplit] = (float)prongSplit;
        f[DetectorFeatures.ProngChargeSplit] = (float)(prongChargeOnly ?? prongSplit);
        f[DetectorFeatures.DetachedMeanCosine] = (float)detachedCosine;
        return f;
    }

    private static double Key(string category, double p, float[] features) => QuestRanking.Key(category, Probabilities(category, p), features, Pairs);

    [Fact]
    public void The_symmetric_limit_is_the_label_rules()
    {
        Assert.Equal(Shipped.Labels.SymmetricMinRatio, Shipped.Classifier.QuestSymmetricMinSplit);
    }

    [Fact]
    public void A_clearly_symmetric_split_outranks_a_borderline_one_of_higher_probability()
    {
        double clear = Key(QuestCategory.SymmetricPair, 0.80, Features(prongSplit: 0.85));
        double borderline = Key(QuestCategory.SymmetricPair, 0.95, Features(prongSplit: 0.52));
        Assert.True(clear > borderline, $"split 0.85: {clear:F3}, split 0.52: {borderline:F3}");
        // Below the limit by four resolutions: next to nothing, whatever the model says.
        Assert.True(Key(QuestCategory.SymmetricPair, 0.99, Features(prongSplit: 0.5 - 4 * Pairs.SplitResolution)) < 1e-3);
        // No V fitted: no measured split, not a symmetric candidate.
        Assert.Equal(0, Key(QuestCategory.SymmetricPair, 0.99, Features()));
    }

    [Fact]
    public void The_pair_quests_rank_by_the_reconstructed_energy_split_not_by_prong_charge_alone()
    {
        // Issue 10: prongs of even charge whose energy split (brems counted back to their lepton) is 0.3 are no symmetric exemplar.
        Assert.True(Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.3, prongChargeOnly: 0.9)) < 0.01);
    }

    [Fact]
    public void A_weird_pair_ranks_by_its_probability_alone_whatever_the_fitted_split_opening_or_stem()
    {
        // Round 13 (W3): the model reads the split among its features; the key does not weigh it again.
        foreach (var features in new[] { Features(), Features(prongSplit: 0.2), Features(prongSplit: 0.45), Features(prongSplit: 0.9, openingDeg: 150),
                     Features(prongSplit: 0.3, prongChargeOnly: 0.9, stemMips: 2.0) })
            Assert.Equal(0.9, Key(QuestCategory.WeirdPair, 0.9, features), 12);
        Assert.Equal(0.4, Key(QuestCategory.WeirdPair, 0.4, Features(prongSplit: 0.2)), 12);
    }

    [Fact]
    public void A_brem_electron_ranks_by_how_far_ahead_its_detached_charge_lies()
    {
        double ahead = Key(QuestCategory.BremElectron, 0.9, Features(detachedCosine: 0.95));
        double beside = Key(QuestCategory.BremElectron, 0.95, Features(detachedCosine: 0.2));
        Assert.True(ahead > beside);
        Assert.Equal(0, Key(QuestCategory.BremElectron, 0.99, Features(detachedCosine: -0.5)));
        Assert.Equal(0, Key(QuestCategory.BremElectron, 0.99, Features()));
        Assert.Equal(0.7, Key(QuestCategory.NeatElectron, 0.7, Features()), 12);
    }

    [Fact]
    public void A_wide_V_is_no_confident_symmetric_pair()
    {
        // Same model probability and split: a V opening forwards (30 degrees) against one wider than a right angle.
        double narrow = Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, openingDeg: 30));
        double wide = Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, openingDeg: 150));
        Assert.True(narrow > 0.85, $"narrow V {narrow:F3}");
        Assert.True(wide < 0.01, $"150 degree V {wide:F3}");
        // At the limit, half.
        Assert.Equal(0.5 * Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, openingDeg: 0)),
            Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, openingDeg: Pairs.MaxOpeningDeg)), 3);
    }

    [Fact]
    public void A_V_over_a_one_MIP_stem_is_no_confident_symmetric_pair()
    {
        // Same probability, split and opening: a stem of two MIPs (two leptons not yet parted) against one of one MIP (a
        // Compton recoil's fork fitted as a V), and one whose stem was not measured.
        double twoTracks = Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, stemMips: 2.0));
        double oneTrack = Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, stemMips: 0.9));
        double unmeasured = Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, stemMips: -1));
        Assert.True(twoTracks > 0.85, $"two-MIP stem {twoTracks:F3}");
        Assert.True(oneTrack < 0.05 * twoTracks, $"one-MIP stem {oneTrack:F3}");
        Assert.True(oneTrack < unmeasured && unmeasured < twoTracks, $"unmeasured {unmeasured:F3}");
        // At the limit, half; the weird pair's key does not read the stem.
        Assert.Equal(0.5 * Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, stemMips: 3.5)),
            Key(QuestCategory.SymmetricPair, 0.9, Features(prongSplit: 0.85, stemMips: Pairs.StemMinMips)), 3);
        Assert.Equal(Key(QuestCategory.WeirdPair, 0.9, Features(prongSplit: 0.2, stemMips: 0.9)), Key(QuestCategory.WeirdPair, 0.9, Features(prongSplit: 0.2, stemMips: 2.0)), 12);
    }

    [Fact]
    public void A_brem_electron_that_may_be_a_pair_ranks_below_one_that_is_not()
    {
        var features = Features(detachedCosine: 0.9);
        var clean = new double[QuestCategory.All.Length];
        clean[QuestCategory.IndexOf(QuestCategory.BremElectron)] = 0.6;
        clean[QuestCategory.IndexOf(QuestCategory.MultiSiteCompton)] = 0.4;
        var pairish = new double[QuestCategory.All.Length];
        pairish[QuestCategory.IndexOf(QuestCategory.BremElectron)] = 0.6;
        pairish[QuestCategory.IndexOf(QuestCategory.WeirdPair)] = 0.4;
        double cleanKey = QuestRanking.Key(QuestCategory.BremElectron, clean, features, Pairs);
        double pairishKey = QuestRanking.Key(QuestCategory.BremElectron, pairish, features, Pairs);
        Assert.Equal(0.6 * 0.9, cleanKey, 5);
        Assert.Equal(0.6 * 0.9 * 0.6, pairishKey, 5);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(1, 0.841344746)]
    [InlineData(-2, 0.022750132)]
    public void The_normal_cdf_matches_tables(double x, double expected) => Assert.Equal(expected, QuestRanking.NormalCdf(x), 6);
}
