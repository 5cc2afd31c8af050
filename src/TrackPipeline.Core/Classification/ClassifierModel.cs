using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace TrackPipeline.Classification;

/// <summary>
/// One labelled example: the detector features, the class index (into <see cref="QuestCategory.All"/>) and its weight in
/// the fit (1 in <c>train</c>; the weighted-fit benchmark sets <see cref="ClassWeights"/>).
/// </summary>
public sealed record LabelledFeatures(float[] Features, int ClassIndex, float Weight = 1);

/// <summary>Which gradient-boosted trees (configuration <c>Training:Model</c>).</summary>
public enum BoostedModel
{
    /// <summary>ML.NET FastTree binary trees, one per class against the rest, probabilities normalised over the classes.</summary>
    FastTreeOneVersusAll,
    /// <summary>LightGBM multiclass (softmax over one tree per class and round, fitted jointly), through ML.NET.</summary>
    LightGbmMulticlass,
}

/// <summary>Gradient-boosted trees settings (configuration section <c>Training</c>).</summary>
public sealed record BoostingSettings(BoostedModel Model, int Trees, int Leaves, int MinExamplesPerLeaf, double LearningRate);

/// <summary>
/// The learned classifier: gradient-boosted trees (ML.NET FastTree one-versus-all, or LightGBM multiclass), with
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

    /// <summary>A training row of a weighted fit: the trees read the weight column; predictions never see it.</summary>
    private sealed class WeightedRow
    {
        [VectorType(DetectorFeatures.Count)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
        public float Weight { get; set; }
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

    /// <summary>
    /// Builds <paramref name="count"/> prediction engines and runs each once, before the first track: an engine's first
    /// prediction (ML.NET builds the row mapping, its delegates and the trees' first calls) costs far more than the rest,
    /// and done here, beside the run's start-up, it is not paid by the workers (docs/benchmarks/whole-run.md).
    /// </summary>
    public void PrepareEngines(int count)
    {
        var zeros = new float[DetectorFeatures.Count];
        var taken = new List<PredictionEngine<Row, Prediction>>(count);
        for (int i = 0; i < count; i++) taken.Add(TakeEngine());
        foreach (var engine in taken)
        {
            engine.Predict(new Row { Features = zeros });
            _idleEngines.Add(engine);
        }
    }

    /// <summary>The ML.NET version the model was built with, for the provenance.</summary>
    public static string LibraryVersion =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(MLContext).Assembly)?.InformationalVersion
        ?? typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The ML.NET LightGBM wrapper's version, for the provenance of a LightGBM model.</summary>
    public static string LightGbmVersion =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(LightGbmMulticlassTrainer).Assembly)?.InformationalVersion
        ?? "unknown";

    /// <summary>Fits the trees to <paramref name="examples"/>; the same examples and seed give the same model (one training thread).</summary>
    public static ClassifierModel Train(IReadOnlyList<LabelledFeatures> examples, BoostingSettings b, int seed)
    {
        var ml = new MLContext(seed);
        // An unweighted fit reads no weight column at all, so it stays the fit the earlier models were made with.
        bool weighted = examples.Any(e => e.Weight != 1);
        var data = weighted
            ? ml.Data.LoadFromEnumerable(examples.Select(e => new WeightedRow { Features = e.Features, Label = QuestCategory.All[e.ClassIndex], Weight = e.Weight }),
                SchemaDefinition.Create(typeof(WeightedRow)))
            : ml.Data.LoadFromEnumerable(examples.Select(e => new Row { Features = e.Features, Label = QuestCategory.All[e.ClassIndex] }), Schema());
        string? weightColumn = weighted ? "Weight" : null;
        // The class order is fixed (QuestCategory.All), so score slot i is class i whatever the examples' order.
        var classes = ml.Data.LoadFromEnumerable(QuestCategory.All.Select(c => new ClassName { Label = c }));
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyData: classes);
        if (b.Model == BoostedModel.LightGbmMulticlass)
        {
            // The same trees budget: rounds x leaves, learning rate and leaf size as FastTree's; one thread and the seed
            // make the fit reproducible. Softmax probabilities come out of the joint fit.
            var lightGbm = ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfIterations = b.Trees,
                NumberOfLeaves = b.Leaves,
                MinimumExampleCountPerLeaf = b.MinExamplesPerLeaf,
                LearningRate = b.LearningRate,
                NumberOfThreads = 1,
                Seed = seed,
                Silent = true,
                Deterministic = true,
                UseSoftmax = true,
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = weightColumn,
            });
            return new ClassifierModel(ml, toKey.Append(lightGbm).Fit(data));
        }
        var binary = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = b.Trees,
            NumberOfLeaves = b.Leaves,
            MinimumExampleCountPerLeaf = b.MinExamplesPerLeaf,
            LearningRate = b.LearningRate,
            NumberOfThreads = 1,
            FeatureColumnName = "Features",
            ExampleWeightColumnName = weightColumn,
        });
        var trainer = ml.MulticlassClassification.Trainers.OneVersusAll(binary, labelColumnName: "Label", useProbabilities: true);
        return new ClassifierModel(ml, toKey.Append(trainer).Fit(data));
    }

    public static ClassifierModel Load(string path)
    {
        var ml = new MLContext(0);
        // A LightGBM model names its trainer's assembly, which ML.NET finds only when registered.
        ml.ComponentCatalog.RegisterAssembly(typeof(LightGbmMulticlassTrainer).Assembly);
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

    /// <summary>Writes the model zip atomically; the same model gives the same bytes (its entries are not dated: <see cref="Output.ReproducibleZip"/>).</summary>
    public void Save(string path)
    {
        var data = _ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema());
        Output.AtomicFile.Write(path, s => Output.ReproducibleZip.Write(s, zip => _ml.Model.Save(_model, data.Schema, zip)));
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
