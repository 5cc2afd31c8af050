namespace TrackPipeline.Classification;

/// <summary>
/// A track's probability for every class (<see cref="QuestCategory.All"/> order), the class it is predicted to be, and
/// what the quest ranks it by in each quest category (<see cref="QuestRanking"/>, <see cref="QuestCategory.Quest"/> order).
/// </summary>
public sealed record QuestScores(double[] Probabilities, string PredictedClass, double[] QuestKeys)
{
    /// <summary>The quest's ranking key of this track in <paramref name="category"/> (0: not ranked there).</summary>
    public double QuestKey(string category)
    {
        int i = Array.IndexOf(QuestCategory.Quest, category);
        if (i < 0) throw new ArgumentOutOfRangeException(nameof(category), category, "not a quest category");
        return QuestKeys[i];
    }

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
