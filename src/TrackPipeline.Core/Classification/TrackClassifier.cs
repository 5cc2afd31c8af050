namespace TrackPipeline.Classification;

/// <summary>
/// Classifies a track from the detector's view of its charge only (<see cref="DetectorFeatures"/>): the learned
/// model gives a probability per class; the predicted class is the most probable class of the most probable family
/// (<see cref="QuestCategory.Decide"/>). No truth, no names.
/// </summary>
/// <param name="pairs">What a pair must show: the decision's pair operating point and the pair quests' split limit, resolution and V opening (<see cref="PairCriteria"/>).</param>
public sealed class TrackClassifier(ClassifierModel model, FeatureView view, PairCriteria pairs)
{
    public FeatureView View => view;

    public QuestScores Classify(in DetectorMeasurement measured)
    {
        var features = new float[DetectorFeatures.Count];
        DetectorFeatures.Fill(measured, view, features);
        return Score(model, features, pairs);
    }

    /// <summary>Class probabilities, decision and quest keys from the features (the held-out tracks are scored so, without the stages again).</summary>
    public static QuestScores Score(ClassifierModel model, float[] features, PairCriteria pairs)
    {
        var p = model.Predict(features);
        return new QuestScores(p, QuestCategory.All[QuestCategory.Decide(p, pairs.PairMinProbability)], QuestRanking.Keys(p, features, pairs));
    }
}
