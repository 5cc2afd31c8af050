namespace TrackPipeline.Classification.Learning;

/// <summary>
/// One track as the training and evaluation see it: its detector features and, kept apart, what the truth says.
/// <see cref="Scores"/> is filled when a model classified it.
/// </summary>
public sealed record LabelledTrack(
    string Name,
    string RelativePath,
    float[] Features,
    string? TrueClass,
    bool? TrueElectron,
    double? TrueEnergyKev,
    int? TruePairs)
{
    public QuestScores? Scores { get; set; }
    /// <summary>Truth of a pair: lighter / heavier lepton kinetic energy (generated tracks only), for comparing the two label rules.</summary>
    public double? PairEnergyRatio { get; init; }
    /// <summary>Truth of a pair: charge symmetry of the two prongs at the truth vertex on the raw deposits (PENELOPE's label rule).</summary>
    public double? TruthVertexChargeSymmetry { get; init; }
}
