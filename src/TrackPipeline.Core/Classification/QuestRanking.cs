namespace TrackPipeline.Classification;

/// <summary>
/// What the quest ranks each category's tracks by. Most categories: the class probability. The symmetric pair: a pair
/// whose two leptons share the photon's energy evenly, so it ranks by how sure the model is that the track holds a pair
/// (both pair classes' probabilities) times the reconstructed energy split E_B / E_A of the two leptons (the
/// reconstruction stage's <c>reco_energy_split</c>: prong charge plus each lepton's detached brems), not by a charge
/// ratio alone. A track where no V was reconstructed has no split and ranks last (issue 10).
/// </summary>
public static class QuestRanking
{
    /// <summary>The reconstructed energy split's column in the tracks table.</summary>
    public const string EnergySplitColumn = "reco_energy_split";

    /// <param name="probability">A class's probability (<c>score_&lt;class&gt;</c>).</param>
    /// <param name="energySplit">The reconstructed energy split in [0, 1], null without a reconstructed pair.</param>
    public static double Key(string category, Func<string, double> probability, double? energySplit) =>
        category == QuestCategory.SymmetricPair
            ? (probability(QuestCategory.SymmetricPair) + probability(QuestCategory.WeirdPair)) * Math.Clamp(energySplit ?? 0, 0, 1)
            : probability(category);
}
