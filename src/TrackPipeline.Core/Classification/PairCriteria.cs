namespace TrackPipeline.Classification;

/// <summary>
/// What the classifier asks of a pair (configuration section <c>Classifier</c>): how probable a pair must be to be called
/// one, where a symmetric pair's lighter lepton starts, how well the pixels measure that share, and how wide a V a
/// pair's two forward-going leptons may open. The decision (<see cref="QuestCategory.Decide"/>) and the pair quests'
/// ranking keys (<see cref="QuestRanking"/>) read them.
/// </summary>
/// <param name="SymmetricMinSplit">A pair is symmetric when its lighter prong carries at least this share of the heavier's charge (the label rule's limit, <c>Labels:SymmetricMinRatio</c>; <c>Classifier:QuestSymmetricMinSplit</c>).</param>
/// <param name="SplitResolution">How far the reconstructed split scatters about the truth vertex's prong split, where a V was fitted (<c>Classifier:QuestSplitSigma</c>).</param>
/// <param name="PairMinProbability">The decision's pair operating point: a track is called a pair when the pair classes together reach this probability (<c>Classifier:PairMinProbability</c>).</param>
/// <param name="MaxOpeningDeg">A fitted V wider than this is not a confident pair vertex: a pair's leptons both leave forward (<c>Classifier:QuestMaxOpeningDeg</c>).</param>
/// <param name="OpeningSoftnessDeg">How softly that limit applies: the width of the normal step at it (<c>Classifier:QuestOpeningSigmaDeg</c>).</param>
/// <param name="StemMinMips">A symmetric pair's stem carries two MIPs per length where its leptons have not parted: the symmetric quest asks the stem at the
/// vertex for more than this (<c>pair_stem_mips</c>; <c>Classifier:QuestStemMinMips</c>).</param>
/// <param name="StemMipsSoftness">How softly that limit applies (<c>Classifier:QuestStemMipsSigma</c>).</param>
public sealed record PairCriteria(double SymmetricMinSplit, double SplitResolution, double PairMinProbability, double MaxOpeningDeg, double OpeningSoftnessDeg,
    double StemMinMips, double StemMipsSoftness);
