using Microsoft.ML.OnnxRuntime;
using TrackPipeline.Classification.Learning;

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
/// The learned classifier as <c>run</c>, <c>evaluate</c> and the quest score it: the ONNX graph that <c>train</c> exports
/// from the ML.NET trees (<see cref="BoostedTrees"/>), evaluated by ONNX Runtime. ML.NET is not loaded to score: its model
/// load and first prediction cost ~0.3 CPU-s and ~625 JIT-compiled methods per process, and it cannot run under Native AOT,
/// where ONNX Runtime does (docs/benchmarks/whole-run.md, rounds 9 and 10). Thread-safe: one session, whose
/// <c>Run</c> may be called from every worker at once; one intra-op thread, as the workers are the run's parallelism.
/// </summary>
public sealed class ClassifierModel : IDisposable
{
    /// <summary>The graph's inputs, as ML.NET's converter names them: the feature vector, and the label column of its key mapping (fed empty, as ML.NET's prediction row was).</summary>
    private const string FeaturesInput = "Features";
    private const string LabelInput = "Label";
    /// <summary>The one output read: the calibrated one-versus-all (or softmax) probabilities, one per class of <see cref="QuestCategory.All"/>.</summary>
    private const string ScoreOutput = "Score.output";

    private readonly InferenceSession _session;
    private readonly SessionOptions _options;
    private readonly OrtValue _emptyLabel;
    /// <summary>The options of every <c>Run</c> (none set; ONNX Runtime wants an instance, and one may serve concurrent calls).</summary>
    private readonly RunOptions _run = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [ScoreOutput];
    private readonly int _featuresAt;

    /// <summary>The graph's bytes: what <see cref="Save"/> writes and what the model's SHA-256 is of.</summary>
    public ReadOnlyMemory<byte> Graph { get; }

    private ClassifierModel(byte[] graph, string where)
    {
        Graph = graph;
        // ONNX Runtime's own log goes to the console in colour (a wrong-shape graph: "Error merging shape info ... lenient
        // merge" as a warning, breaker 10 F3) before our one-line error: only its errors are shown, ours says what to do.
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            _session = new InferenceSession(graph, _options);
        }
        catch (OnnxRuntimeException e)
        {
            _options.Dispose();
            throw new InvalidDataException($"{where}: not a classifier model ONNX Runtime can load ({FirstLine(e.Message)}); {Retrain}", e);
        }
        try
        {
            _inputNames = [.. _session.InputNames];
            _featuresAt = Array.IndexOf(_inputNames, FeaturesInput);
            if (_featuresAt < 0 || _inputNames.Length > 2 || (_inputNames.Length == 2 && !_inputNames.Contains(LabelInput)))
                throw new InvalidDataException($"{where}: the graph's inputs are [{string.Join(", ", _inputNames)}], not the classifier's '{FeaturesInput}' (and '{LabelInput}'); {Retrain}");
            var width = _session.InputMetadata[FeaturesInput].Dimensions;
            if (width.Length != 2 || width[1] != DetectorFeatures.Count)
                throw new InvalidDataException($"{where}: the model reads {(width.Length == 2 ? width[1] : -1)} features, this program measures {DetectorFeatures.Count} ({DetectorFeatures.Names[0]} ... {DetectorFeatures.Names[^1]}); {Retrain}");
            if (!_session.OutputNames.Contains(ScoreOutput))
                throw new InvalidDataException($"{where}: the graph has no '{ScoreOutput}' output ({string.Join(", ", _session.OutputNames)}); {Retrain}");
            _emptyLabel = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]);
        }
        catch
        {
            _session.Dispose();
            _options.Dispose();
            throw;
        }
    }

    private const string Retrain = "retrain with 'trackpipeline train' (it writes classifier.onnx) or point Classifier:ModelPath at config/models/classifier.onnx";

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Loads the ONNX graph at <paramref name="path"/>; a missing, unreadable or foreign file is an error naming it.</summary>
    public static ClassifierModel Load(string path) => new(ReadGraph(path, out _), path);

    /// <summary>
    /// The bytes of the model file at <paramref name="path"/>, read once: a caller that records the model's digest hashes
    /// these and loads them (<see cref="FromGraph"/>), so a file replaced in between cannot be recorded for another (breaker17 F1).
    /// </summary>
    /// <param name="sha256">The bytes' digest (<see cref="DigestOf"/>), hashed once for the provenance check and the caller.</param>
    public static byte[] ReadGraph(string path, out string sha256)
    {
        byte[] graph;
        try
        {
            graph = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: the classifier model cannot be read ({e.Message}); {Retrain}", e);
        }
        sha256 = DigestOf(graph);
        if (ModelProvenance.GraphMismatch(path, sha256) is { } mismatch) throw new InvalidDataException($"{mismatch}; {Retrain}");
        return graph;
    }

    /// <summary>
    /// A model's identity: the SHA-256 (lower-case hex) of its graph's bytes, as run.json, the evaluate report and the
    /// provenance (<c>onnx.sha256</c>) record it.
    /// </summary>
    public static string DigestOf(ReadOnlySpan<byte> graph) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(graph));

    /// <summary>This model's identity (<see cref="DigestOf"/>).</summary>
    public string Sha256 => DigestOf(Graph.Span);

    /// <summary>A model from an ONNX graph in memory (the export of trees just fitted); <paramref name="name"/> names it in errors.</summary>
    public static ClassifierModel FromGraph(byte[] graph, string name) => new(graph, name);

    /// <summary>Fits gradient-boosted trees with ML.NET (<see cref="BoostedTrees.Train"/>) and returns their ONNX export, scored as a run scores it.</summary>
    public static ClassifierModel Train(IReadOnlyList<LabelledFeatures> examples, BoostingSettings b, int seed)
    {
        using var trees = BoostedTrees.Train(examples, b, seed);
        return trees.ToScorer();
    }

    /// <summary>ONNX Runtime's version (its managed assembly), for the provenance.</summary>
    public static string RuntimeVersion =>
        System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(InferenceSession).Assembly)?.InformationalVersion.Split('+')[0]
        ?? typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>Writes the graph atomically (the same model, the same bytes).</summary>
    public void Save(string path) => Output.AtomicFile.Write(path, s => s.Write(Graph.Span));

    /// <summary>Probabilities for every class of <see cref="QuestCategory.All"/> (they sum to 1).</summary>
    public double[] Predict(float[] features)
    {
        if (features.Length != DetectorFeatures.Count) throw new ArgumentException($"{features.Length} features given, the model reads {DetectorFeatures.Count}", nameof(features));
        // The row is read in place (pinned for the call): one small tensor per track, nothing per point.
        using var row = OrtValue.CreateTensorValueFromMemory(features, [1, DetectorFeatures.Count]);
        var inputs = new OrtValue[_inputNames.Length];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = i == _featuresAt ? row : _emptyLabel;
        using var outputs = _session.Run(_run, _inputNames, inputs, _outputNames);
        var score = outputs[0].GetTensorDataAsSpan<float>();
        var p = new double[QuestCategory.All.Length];
        if (score.Length != p.Length) throw new InvalidOperationException($"the model gives {score.Length} class scores, expected {p.Length} ({string.Join(", ", QuestCategory.All)}): retrain it");
        // One-versus-all's calibrated probabilities need not sum to 1 (the graph normalises them; clamping keeps a
        // rounding below 0 out): the same clamp-and-normalise the ML.NET scorer applied.
        double sum = 0;
        for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Max(0, score[i]);
        if (sum > 0) for (int i = 0; i < p.Length; i++) p[i] /= sum;
        return p;
    }

    public void Dispose()
    {
        _emptyLabel.Dispose();
        _run.Dispose();
        _session.Dispose();
        _options.Dispose();
    }
}
