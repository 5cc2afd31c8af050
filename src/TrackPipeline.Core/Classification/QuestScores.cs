namespace TrackPipeline.Classification;

/// <summary>A track's score in [0, 1] for each quest category, and the class it is predicted to be.</summary>
public sealed record QuestScores(double NeatElectron, double BremElectron, double SymmetricPair, double WeirdPair, string PredictedClass)
{
    public double this[string category] => category switch
    {
        QuestCategory.NeatElectron => NeatElectron,
        QuestCategory.BremElectron => BremElectron,
        QuestCategory.SymmetricPair => SymmetricPair,
        QuestCategory.WeirdPair => WeirdPair,
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, "not a quest category"),
    };
}
