using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Classification;

/// <summary>
/// Gives every track a probability per class from what the detector measured (the learned model of
/// <see cref="ClassifierSettings.ModelPath"/>), its predicted class, and flags it as a quest candidate where the
/// probability passes the threshold. Reads neither the truth nor the file or folder names.
/// </summary>
public sealed class ClassificationStage : ITrackStage, ITableContributor, IDisposable
{
    private readonly ClassifierSettings _settings;
    private readonly ClassifierModel _model;
    private readonly TrackClassifier _classifier;

    /// <param name="pixels">The readout's triggered pixels as a charge cloud (null without a readout: perfect-detector view only).</param>
    public ClassificationStage(ClassifierSettings settings, Topology.TopologySettings topology, Topology.IPixelCloudSource? pixels)
    {
        _settings = settings;
        _model = ClassifierModel.Load(settings.ResolvedModelPath);
        _classifier = new TrackClassifier(_model, settings.FeatureView(topology, pixels));
    }

    /// <summary>The most probable class of the most probable family (<see cref="QuestCategory.Decide"/>).</summary>
    public const string PredictedClassColumn = "predicted_class";

    public string Name => "classify";

    public void Process(TrackItem item, CancellationToken cancellationToken) => item.Scores = _classifier.Classify(item);

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static QuestScores S(TrackItem i) => i.Scores ?? throw new InvalidOperationException("track was not classified");
        foreach (var category in QuestCategory.All)
        {
            schema.Double($"score_{category}", i => S(i)[category]);
            if (QuestCategory.Quest.Contains(category))
                schema.Bool($"candidate_{category}", i => S(i)[category] >= _settings.CandidateThreshold);
        }
        schema.String(PredictedClassColumn, i => S(i).PredictedClass);
    }

    public void Dispose() => _model.Dispose();
}
