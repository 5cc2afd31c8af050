using TrackPipeline.Pipeline;

namespace TrackPipeline.Classification;

/// <summary>
/// Classifies a track from the detector's view of its charge only (<see cref="DetectorFeatures"/>): the learned
/// model gives a probability per class; the predicted class is the most probable one. No truth, no names.
/// </summary>
public sealed class TrackClassifier(ClassifierModel model, DetectorView view)
{
    public DetectorView View => view;

    public QuestScores Classify(TrackItem item)
    {
        var features = new float[DetectorFeatures.Count];
        DetectorFeatures.Fill(item, view, features);
        var p = model.Predict(features);
        int best = 0;
        for (int c = 1; c < p.Length; c++) if (p[c] > p[best]) best = c;
        return new QuestScores(p, QuestCategory.All[best]);
    }
}
