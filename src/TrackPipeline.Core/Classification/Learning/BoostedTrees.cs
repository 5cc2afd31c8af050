using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace TrackPipeline.Classification.Learning;

/// <summary>
/// The learner: gradient-boosted trees fitted by ML.NET (FastTree one-versus-all, or LightGBM multiclass), with
/// probabilities normalised across classes. Only <c>train</c> (and the studies) use it: the fitted model is saved as
/// ML.NET's zip (to refit or study it) and exported to ONNX with ML.NET's converter, and the run scores that export with
/// ONNX Runtime (<see cref="ClassifierModel"/>). Predictions here (an ML.NET prediction engine) are for checking that the
/// export agrees with the trees. Not thread-safe.
/// </summary>
public sealed class BoostedTrees : IDisposable
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
    private PredictionEngine<Row, Prediction>? _engine;
    private byte[]? _onnx;

    private BoostedTrees(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    /// <summary>The ML.NET version the model was built with, for the provenance.</summary>
    public static string LibraryVersion => VersionOf(typeof(MLContext).Assembly);

    /// <summary>The ML.NET LightGBM wrapper's version, for the provenance of a LightGBM model.</summary>
    public static string LightGbmVersion => VersionOf(typeof(LightGbmMulticlassTrainer).Assembly);

    /// <summary>The ONNX converter's version (Microsoft.ML.OnnxConverter), for the provenance of the exported graph.</summary>
    public static string ConverterVersion => VersionOf(typeof(OnnxExportExtensions).Assembly);

    private static string VersionOf(System.Reflection.Assembly assembly) =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(assembly)?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Fits the trees to <paramref name="examples"/>; the same examples and seed give the same model (one training thread).</summary>
    public static BoostedTrees Train(IReadOnlyList<LabelledFeatures> examples, BoostingSettings b, int seed)
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
            return new BoostedTrees(ml, toKey.Append(lightGbm).Fit(data));
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
        return new BoostedTrees(ml, toKey.Append(trainer).Fit(data));
    }

    /// <summary>Loads an ML.NET model zip (<c>classifier.zip</c>), to export or study it.</summary>
    public static BoostedTrees Load(string path)
    {
        var ml = new MLContext(0);
        // A LightGBM model names its trainer's assembly, which ML.NET finds only when registered.
        ml.ComponentCatalog.RegisterAssembly(typeof(LightGbmMulticlassTrainer).Assembly);
        using var stream = File.OpenRead(path);
        try
        {
            return new BoostedTrees(ml, ml.Model.Load(stream, out _));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or InvalidDataException or ArgumentException)
        {
            // ML.NET names the broken part of the zip; the user needs the file and what to do.
            throw new InvalidDataException($"{path}: not a classifier model ML.NET can load ({e.Message}); retrain with 'trackpipeline train'", e);
        }
    }

    /// <summary>Writes the model zip atomically; the same model gives the same bytes (its entries are not dated: <see cref="Output.ReproducibleZip"/>).</summary>
    public void Save(string path)
    {
        var data = _ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema());
        Output.AtomicFile.Write(path, s => Output.ReproducibleZip.Write(s, zip => _ml.Model.Save(_model, data.Schema, zip)));
    }

    /// <summary>
    /// The model as an ONNX graph (ML.NET's converter: the label's key mapping, the trees as <c>TreeEnsembleRegressor</c>
    /// nodes, the calibrators and the normalisation over classes). The converter writes no date or random name, so the
    /// same trees give the same bytes (a test trains twice and compares).
    /// </summary>
    public byte[] ToOnnx()
    {
        if (_onnx is not null) return _onnx;
        var data = _ml.Data.LoadFromEnumerable(Array.Empty<Row>(), Schema());
        using var graph = new MemoryStream();
        _ml.Model.ConvertToOnnx(_model, data, graph);
        return _onnx = graph.ToArray();
    }

    /// <summary>The ONNX export, scored by ONNX Runtime as a run scores it.</summary>
    public ClassifierModel ToScorer() => ClassifierModel.FromGraph(ToOnnx(), "the exported classifier");

    /// <summary>Writes the ONNX export atomically.</summary>
    public void SaveOnnx(string path)
    {
        var graph = ToOnnx();
        Output.AtomicFile.Write(path, s => s.Write(graph));
    }

    /// <summary>ML.NET's own probabilities (clamped and normalised as <see cref="ClassifierModel.Predict"/> does): the reference the ONNX export is checked against.</summary>
    public double[] Predict(float[] features)
    {
        _engine ??= _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, ignoreMissingColumns: true, inputSchemaDefinition: Schema());
        var score = _engine.Predict(new Row { Features = features }).Score;
        var p = new double[QuestCategory.All.Length];
        if (score.Length != p.Length) throw new InvalidOperationException($"the model gives {score.Length} class scores, expected {p.Length}: retrain it");
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Max(0, score[i]);
        if (sum > 0) for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    private static SchemaDefinition Schema() => SchemaDefinition.Create(typeof(Row));

    public void Dispose() => _engine?.Dispose();
}
