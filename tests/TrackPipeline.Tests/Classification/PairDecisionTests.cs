using TrackPipeline.Classification;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The predicted class (<see cref="QuestCategory.Decide"/>): a track is called a pair when the two pair classes together
/// reach the shipped operating point (<c>Classifier:PairMinProbability</c>), even when an electron class is more
/// probable; below it the most probable family decides, and within a family the most probable class.
/// </summary>
public sealed class PairDecisionTests
{
    private static readonly double Threshold = Shipped.Classifier.PairMinProbability;

    private static string Decide(double threshold, params (string Class, double P)[] scores)
    {
        var p = new double[QuestCategory.All.Length];
        foreach (var (c, v) in scores) p[QuestCategory.IndexOf(c)] = v;
        return QuestCategory.All[QuestCategory.Decide(p, threshold)];
    }

    [Fact]
    public void The_shipped_operating_point_is_below_one_half()
    {
        Assert.InRange(Threshold, 0.05, 0.49);
    }

    [Fact]
    public void A_pair_above_the_operating_point_is_called_a_pair_though_a_brem_electron_is_likelier()
    {
        double pair = Threshold + 0.05;
        var scores = new[] { (QuestCategory.BremElectron, 0.9 - pair), (QuestCategory.WeirdPair, pair * 0.6), (QuestCategory.SymmetricPair, pair * 0.4), (QuestCategory.MultiSiteCompton, 0.1) };
        Assert.Equal(QuestCategory.WeirdPair, Decide(Threshold, scores));
        // The plain most probable family (an operating point of one half) says brem electron.
        Assert.Equal(QuestCategory.BremElectron, Decide(0.5, scores));
    }

    [Fact]
    public void Below_it_the_most_probable_family_decides()
    {
        double pair = Threshold - 0.05;
        Assert.Equal(QuestCategory.BremElectron,
            Decide(Threshold, (QuestCategory.BremElectron, 0.5), (QuestCategory.NeatElectron, 0.1), (QuestCategory.WeirdPair, pair), (QuestCategory.MultiSiteCompton, 0.4 - pair)));
        // The electron family (0.35 + 0.3) decides, and within it the more probable class.
        Assert.Equal(QuestCategory.NeatElectron,
            Decide(Threshold, (QuestCategory.NeatElectron, 0.35), (QuestCategory.BremElectron, 0.3), (QuestCategory.WeirdPair, pair), (QuestCategory.MultiSiteCompton, 0.35 - pair)));
    }
}
