namespace TrackPipeline.Classification;

/// <summary>
/// Classifies a track from the detector's view of its charge only (<see cref="DetectorFeatures"/>): the learned
/// model gives a probability per class; the predicted class is the most probable class of the most probable family
/// (<see cref="QuestCategory.Decide"/>). No truth, no names.
/// </summary>
public sealed class TrackClassifier(ClassifierModel model, FeatureView view)
{
    public FeatureView View => view;

    public QuestScores Classify(in DetectorMeasurement measured)
    {
        var features = new float[DetectorFeatures.Count];
        DetectorFeatures.Fill(measured, view, features);
        var p = model.Predict(features);
        return new QuestScores(p, QuestCategory.All[QuestCategory.Decide(p)]);
    }
}
