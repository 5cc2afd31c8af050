using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

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
    private readonly IPixelCloudSource? _pixels;

    /// <param name="pixels">The readout's triggered pixels as a charge cloud (null without a readout: perfect-detector view only).</param>
    public ClassificationStage(ClassifierSettings settings, Topology.TopologySettings topology, IPixelCloudSource? pixels)
    {
        _settings = settings;
        _model = ClassifierModel.Load(settings.ResolvedModelPath);
        _classifier = new TrackClassifier(_model, settings.FeatureView(topology), settings.QuestRule);
        _pixels = pixels;
    }

    /// <summary>The most probable class of the most probable family (<see cref="QuestCategory.Decide"/>).</summary>
    public const string PredictedClassColumn = TrackColumns.PredictedClass;

    public string Name => "classify";

    public void Process(TrackItem item, CancellationToken cancellationToken) =>
        item.Scores = _classifier.Classify(Measurement(item, _classifier.View.View, _pixels));

    /// <summary>
    /// What the classifier's <paramref name="view"/> sees of the track: the triggered pixels and their shape, or the raw
    /// deposits and theirs; with the reconstruction. Throws when the view has nothing (no readout ran).
    /// </summary>
    public static DetectorMeasurement Measurement(TrackItem item, DetectorView view, IPixelCloudSource? pixels)
    {
        var topology = item.Topology ?? throw new InvalidOperationException("classification needs the topology stage");
        if (view == DetectorView.PerfectDetector)
            return DetectorMeasurement.OfDeposits(item.RequireTrack().Deposits, topology.Raw, item.Reconstruction);
        if (item.Readout?.Pixels is null || topology.Pixels is null || pixels is null || !pixels.TryGetPixels(item, out var cloud, out var pitchM))
            throw new InvalidOperationException($"{item.Source.Name}: the classifier's view '{view}' needs a readout (run with a detector) or the perfect-detector setting");
        return DetectorMeasurement.OfPixels(cloud, pitchM, topology.Pixels, item.Reconstruction, topology.PixelSkeleton);
    }

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
        // What the quest ranks by (QuestRanking): the quest and its side tables read these, not the features again.
        foreach (var category in QuestCategory.Quest)
            schema.Double(QuestSelection.KeyColumn(category), i => S(i).QuestKey(category));
    }

    public void Dispose() => _model.Dispose();
}
