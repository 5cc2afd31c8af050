using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace TrackPipeline.Classification;

/// <summary>One labelled example: the detector features and the class index (into <see cref="QuestCategory.All"/>).</summary>
public sealed record LabelledFeatures(float[] Features, int ClassIndex);

/// <summary>Gradient-boosted trees settings (configuration section <c>Training</c>).</summary>
public sealed record BoostingSettings(int Trees, int Leaves, int MinExamplesPerLeaf, double LearningRate);

/// <summary>
/// The learned classifier: ML.NET FastTree gradient-boosted trees, one-versus-all over the classes, with
/// probabilities normalised across classes. Thread-safe: a prediction engine (not thread-safe itself) is taken from a
/// pool for each prediction and given back, so a run makes as many engines as predictions ever overlap (one or two),
/// not one per thread-pool thread that happens to classify a track (each costs ML.NET's code generation and JIT).
/// </summary>
public sealed class ClassifierModel : IDisposable
{
    private sealed class Row
    {
        [VectorType(DetectorFeatures.Count)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    private sealed class ClassName
    {
        public string Label { get; set; } = "";
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly System.Collections.Concurrent.ConcurrentBag<PredictionEngine<Row, Prediction>> _idleEngines = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<PredictionEngine<Row, Prediction>> _allEngines = [];

    private ClassifierModel(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    private PredictionEngine<Row, Prediction> TakeEngine()
    {
        if (_idleEngines.TryTake(out var engine)) return engine;
        engine = _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, ignoreMissingColumns: true, inputSchemaDefinition: Schema());
        _allEngines.Enqueue(engine);
        return engine;
    }

    /// <summary>The ML.NET version the model was built with, for the provenance.</summary>
    public static string LibraryVersion =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(MLContext).Assembly)?.InformationalVersion
        ?? typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Fits the trees to <paramref name="examples"/>; the same examples and seed give the same model (one training thread).</summary>
    public static ClassifierModel Train(IReadOnlyList<LabelledFeatures> examples, BoostingSettings b, int seed)
    {
        var ml = new MLContext(seed);
        var rows = examples.Select(e => new Row { Features = e.Features, Label = QuestCategory.All[e.ClassIndex] });
        var data = ml.Data.LoadFromEnumerable(rows, Schema());
        // The class order is fixed (QuestCategory.All), so score slot i is class i whatever the examples' order.
        var classes = ml.Data.LoadFromEnumerable(QuestCategory.All.Select(c => new ClassName { Label = c }));
        var binary = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = b.Trees,
            NumberOfLeaves = b.Leaves,
            MinimumExampleCountPerLeaf = b.MinExamplesPerLeaf,
            LearningRate = b.LearningRate,
            NumberOfThreads = 1,
            FeatureColumnName = "Features",
        });
        var trainer = ml.MulticlassClassification.Trainers.OneVersusAll(binary, labelColumnName: "Label", useProbabilities: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyData: classes).Append(trainer);
        return new ClassifierModel(ml, pipeline.Fit(data));
    }

    public static ClassifierModel Load(string path)
    {
        var ml = new MLContext(0);
        using var stream = File.OpenRead(path);
        try
        {
            return new ClassifierModel(ml, ml.Model.Load(stream, out _));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or InvalidDataException or ArgumentException)
        {
            // ML.NET names the broken part of the zip; the user needs the file and what to do.
            throw new InvalidDataException($"{path}: not a classifier model ML.NET can load ({e.Message}); retrain with 'trackpipeline train' or point Classifier:ModelPath at config/models/classifier.zip", e);
        }
    }

    /// <summary>Writes the model zip atomically.</summary>
    public void Save(string path)
    {
        var data = _ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema());
        Output.AtomicFile.Write(path, s => _ml.Model.Save(_model, data.Schema, s));
    }

    /// <summary>Probabilities for every class of <see cref="QuestCategory.All"/> (they sum to 1).</summary>
    public double[] Predict(float[] features)
    {
        var engine = TakeEngine();
        float[] score;
        try { score = engine.Predict(new Row { Features = features }).Score; }
        finally { _idleEngines.Add(engine); }
        var p = new double[QuestCategory.All.Length];
        double sum = 0;
        if (score.Length != p.Length) throw new InvalidOperationException($"the model gives {score.Length} class scores, expected {p.Length} ({string.Join(", ", QuestCategory.All)}): retrain it");
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Max(0, score[i]);
        if (sum > 0) for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    private static SchemaDefinition Schema() => SchemaDefinition.Create(typeof(Row));

    public void Dispose()
    {
        foreach (var e in _allEngines) e.Dispose();
    }
}
