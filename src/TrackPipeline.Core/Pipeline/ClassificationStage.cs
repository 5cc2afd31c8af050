using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Gives every track a probability per class from what the detector measured (the learned model of
/// <see cref="ClassifierSettings.ModelPath"/>), its predicted class, and flags it as a quest candidate where the
/// probability passes the threshold. Reads neither the truth nor the file or folder names.
/// </summary>
public sealed class ClassificationStage : ITrackStage, ITableContributor, IPreparedInBackground, IDisposable
{
    private readonly ClassifierSettings _settings;
    private readonly Task<ClassifierModel> _model;
    private readonly Task<TrackClassifier> _classifier;
    private readonly DetectorView _view;
    private readonly IPixelCloudSource? _pixels;

    /// <param name="pixels">The readout's triggered pixels as a charge cloud (null without a readout: perfect-detector view only).</param>
    /// <param name="loadInBackground">Create the ONNX session on a thread of its own (a run: the read, drift, readout and
    /// topology of the first tracks overlap its ~0.1 s, docs/benchmarks/whole-run.md round 15); the graph waits for
    /// <see cref="Prepared"/> before the first track reaches this stage. False: created here, before the constructor returns.</param>
    /// <param name="started">The model of <see cref="ClassifierSettings.ResolvedModelPath"/> already being loaded (a run begins it when its
    /// settings are checked); this stage owns it from here. Null: loaded as <paramref name="loadInBackground"/> says.</param>
    public ClassificationStage(ClassifierSettings settings, Topology.TopologySettings topology, IPixelCloudSource? pixels, bool loadInBackground = false,
        Task<ClassifierModel>? started = null)
    {
        _settings = settings;
        var view = settings.FeatureView(topology);
        _view = view.View;
        // The ONNX session is made at start-up, so a missing or broken model stops the run before the first track is
        // written; its first prediction costs no more than the rest (no engines to prepare, unlike ML.NET's).
        var path = settings.ResolvedModelPath;
        _model = started ?? (loadInBackground
            ? Task.Factory.StartNew(() => ClassifierModel.Load(path), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.FromResult(ClassifierModel.Load(path)));
        _classifier = _model.ContinueWith(t => new TrackClassifier(t.GetAwaiter().GetResult(), view, settings.PairCriteria),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _pixels = pixels;
    }

    /// <summary>The ONNX session is made (or failed: the model's own error, as <see cref="ClassifierModel.Load"/> throws it).</summary>
    public Task Prepared => _classifier;

    /// <summary>The most probable class of the most probable family (<see cref="QuestCategory.Decide"/>).</summary>
    public const string PredictedClassColumn = TrackColumns.PredictedClass;

    public string Name => "classify";

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var measured = Measurement(item, _view, _pixels);
        // A track whose view holds no charge is data (nothing was read out), not bad input: it gets no class and
        // null scores rather than the class the model gives an empty feature vector (known issue B7).
        item.NotClassifiedReason = NothingMeasured(measured);
        // The graph waited for Prepared before the first track: no wait here after the start.
        item.Scores = item.NotClassifiedReason is null ? _classifier.GetAwaiter().GetResult().Classify(measured) : null;
    }

    /// <summary>Why <paramref name="measured"/> cannot be classified (its view holds no charge); null when it can.</summary>
    public static string? NothingMeasured(in DetectorMeasurement measured)
    {
        if (measured.View == DetectorView.PerfectDetector)
        {
            foreach (int e in measured.Electrons)
                if (e > 0) return null;
            return "no charge: every deposit has 0 electrons";
        }
        foreach (double q in measured.ChargeE)
            if (q > 0) return null;
        return "no charge read out: no triggered pixel";
    }

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
        // Null scores and class for a track the stage did not classify (NotClassifiedReason says why); it is no candidate.
        foreach (var category in QuestCategory.All)
        {
            schema.NullableDouble($"score_{category}", i => i.Scores?[category]);
            if (QuestCategory.Quest.Contains(category))
                schema.Bool($"candidate_{category}", i => i.Scores is { } s && s[category] >= _settings.CandidateThreshold);
        }
        schema.NullableString(PredictedClassColumn, i => i.Scores?.PredictedClass);
        schema.NullableString(TrackColumns.NotClassifiedReason, i => i.NotClassifiedReason);
        // What the quest ranks by (QuestRanking): the quest and its side tables read these, not the features again.
        foreach (var category in QuestCategory.Quest)
            schema.NullableDouble(QuestSelection.KeyColumn(category), i => i.Scores?.QuestKey(category));
    }

    public void Dispose()
    {
        // A session still being made (a run stopped at start) is released once it is.
        if (_model.IsCompletedSuccessfully) _model.Result.Dispose();
        else _ = _model.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }
}
