namespace TrackPipeline.Classification;

/// <summary>A track's probability for every class (<see cref="QuestCategory.All"/> order) and the class it is predicted to be.</summary>
public sealed record QuestScores(double[] Probabilities, string PredictedClass)
{
    public double this[string category]
    {
        get
        {
            int i = QuestCategory.IndexOf(category);
            if (i < 0) throw new ArgumentOutOfRangeException(nameof(category), category, "not a class");
            return Probabilities[i];
        }
    }
}
