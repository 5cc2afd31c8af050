namespace TrackPipeline.Classification;

/// <summary>
/// Classifies a track from the detector's view of its charge only (<see cref="DetectorFeatures"/>): the learned
/// model gives a probability per class; the predicted class is the most probable class of the most probable family
/// (<see cref="QuestCategory.Decide"/>). No truth, no names.
/// </summary>
/// <param name="quest">The pair quests' split limit and resolution (<see cref="QuestRanking"/>) and the decision's pair operating point.</param>
public sealed class TrackClassifier(ClassifierModel model, FeatureView view, QuestRule quest)
{
    public FeatureView View => view;

    public QuestScores Classify(in DetectorMeasurement measured)
    {
        var features = new float[DetectorFeatures.Count];
        DetectorFeatures.Fill(measured, view, features);
        return Score(model, features, quest);
    }

    /// <summary>Class probabilities, decision and quest keys from the features (the held-out tracks are scored so, without the stages again).</summary>
    public static QuestScores Score(ClassifierModel model, float[] features, QuestRule quest)
    {
        var p = model.Predict(features);
        return new QuestScores(p, QuestCategory.All[QuestCategory.Decide(p, quest.PairMinProbability)], QuestRanking.Keys(p, features, quest));
    }
}
