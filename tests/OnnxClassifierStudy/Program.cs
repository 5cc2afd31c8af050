using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using TrackPipeline.Benchmarks;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

// The shipped classifier, ML.NET against ONNX Runtime (docs/benchmarks/whole-run.md, "Round 9: the classifier's cost").
// Run from the repository root (config/ is relative; the sample is ../shared/data/Tracks):
//   features OUT.bin [tracks] [config] [seed]      the sample tracks' feature rows, as the run's classification stage computes them
//   export MODEL.zip OUT.onnx                      ML.NET's ONNX converter on the model (what exports, what does not)
//   compare MODEL.zip MODEL.onnx FEATURES.bin      both ways in one process: max |p_onnx - p_mlnet| per class, class agreement
//   cost mlnet|onnx MODEL FEATURES.bin [engines]   one FRESH process: load + first prediction + every row, CPU, wall, JIT, RSS;
//                                                  engines > 1: ML.NET's engines prepared as the run's stage does for its workers
string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
switch (args.FirstOrDefault())
{
    case "features":
        return Study.WriteFeatures(args[1], Arg(2, Path.Combine("..", "shared", "data", "Tracks")), Arg(3, "config"),
            ulong.Parse(Arg(4, "1"), CultureInfo.InvariantCulture));
    case "export":
        return Study.Export(args[1], args[2]);
    case "compare":
        return Study.Compare(args[1], args[2], args[3]);
    case "cost":
        return Study.Cost(args[1], args[2], args[3], int.Parse(Arg(4, "1"), CultureInfo.InvariantCulture));
    default:
        Console.Error.WriteLine("usage: features OUT.bin [tracks] [config] [seed] | export MODEL.zip OUT.onnx | compare MODEL.zip MODEL.onnx FEATURES.bin | cost mlnet|onnx MODEL FEATURES.bin [engines]");
        return 2;
}

internal static class Study
{
    /// <summary>The model's input row as ML.NET's converter sees it (the same columns as <see cref="ClassifierModel"/>'s row).</summary>
    private sealed class Row
    {
        [VectorType(DetectorFeatures.Count)] public float[] Features { get; set; } = [];
        public string Label { get; set; } = "";
    }

    /// <summary>
    /// Feature rows of every sample track the stage would classify: read, drift, readout (detector seed <paramref name="seed"/>),
    /// topology, reconstruction, then <see cref="ClassificationStage.Measurement"/> and <see cref="DetectorFeatures.Fill"/>,
    /// the stage's own code. Written as rows of little-endian floats with the track's name, so the cost processes read only floats.
    /// </summary>
    public static int WriteFeatures(string outPath, string tracksRoot, string configDir, ulong seed)
    {
        var chain = DetectorChain.Load(configDir, seed: seed);
        var topology = ShippedSettings.Load<TopologySettings>(TopologySettings.Section);
        var reconstruction = ShippedSettings.Load<ReconstructionSettings>(ReconstructionSettings.Section);
        var classifier = ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section);
        var view = classifier.FeatureView(topology);
        var stages = chain.Chain(topology, reconstruction);
        var rows = new List<(string Name, float[] Features)>();
        foreach (var source in DatasetDiscovery.Discover(tracksRoot).OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var item = new TrackItem(source);
            foreach (var stage in stages) stage.Process(item, CancellationToken.None);
            var measured = ClassificationStage.Measurement(item, view.View, chain.Pixels);
            if (ClassificationStage.NothingMeasured(measured) is { } why)
            {
                Console.WriteLine($"{source.Name}: not classified ({why})");
                continue;
            }
            var features = new float[DetectorFeatures.Count];
            DetectorFeatures.Fill(measured, view, features);
            rows.Add((source.Name, features));
        }
        var temp = outPath + ".tmp";
        using (var w = new BinaryWriter(File.Create(temp)))
        {
            w.Write(rows.Count);
            w.Write(DetectorFeatures.Count);
            foreach (var (name, features) in rows)
            {
                w.Write(name);
                foreach (float f in features) w.Write(f);
            }
        }
        File.Move(temp, outPath, overwrite: true);
        Console.WriteLine($"{rows.Count} feature rows of {DetectorFeatures.Count} features (detector seed {seed}) -> {outPath}");
        return 0;
    }

    private static (string[] Names, float[][] Rows) ReadFeatures(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        int count = r.ReadInt32(), width = r.ReadInt32();
        if (width != DetectorFeatures.Count) throw new InvalidDataException($"{path}: rows of {width} features, the model reads {DetectorFeatures.Count}");
        var names = new string[count];
        var rows = new float[count][];
        for (int i = 0; i < count; i++)
        {
            names[i] = r.ReadString();
            rows[i] = new float[width];
            for (int j = 0; j < width; j++) rows[i][j] = r.ReadSingle();
        }
        return (names, rows);
    }

    /// <summary>ML.NET's converter on the loaded model; the transforms it holds are listed, each with whether it can save to ONNX.</summary>
    public static int Export(string modelPath, string onnxPath)
    {
        var ml = new MLContext(0);
        ITransformer model;
        using (var stream = File.OpenRead(modelPath)) model = ml.Model.Load(stream, out _);
        if (model is TransformerChain<ITransformer> chain)
            foreach (var t in chain)
            {
                // ML.NET's ONNX interfaces are internal: named here by reflection, for the record only.
                Console.WriteLine($"  {t.GetType().Name}: {OnnxInterfaces(t)}");
                if (t.GetType().GetProperty("Model")?.GetValue(t) is { } m) Console.WriteLine($"    model {m.GetType().Name}: {OnnxInterfaces(m)}");
            }
        var data = ml.Data.LoadFromEnumerable(Array.Empty<Row>(), SchemaDefinition.Create(typeof(Row)));
        var temp = onnxPath + ".tmp";
        using (var output = File.Create(temp)) ml.Model.ConvertToOnnx(model, data, output);
        File.Move(temp, onnxPath, overwrite: true);
        Console.WriteLine($"{modelPath} -> {onnxPath}: {new FileInfo(onnxPath).Length:N0} bytes");
        using var session = new InferenceSession(onnxPath);
        foreach (var (name, m) in session.InputMetadata) Console.WriteLine($"  input  {name}: {m.ElementType.Name} [{string.Join(",", m.Dimensions)}]");
        foreach (var (name, m) in session.OutputMetadata) Console.WriteLine($"  output {name}: {m.ElementType.Name} [{string.Join(",", m.Dimensions)}]");
        return 0;
    }

    private static string OnnxInterfaces(object o)
    {
        var names = o.GetType().GetInterfaces().Select(i => i.Name).Where(n => n.Contains("Onnx", StringComparison.Ordinal)).ToArray();
        return names.Length == 0 ? "no ONNX saver" : string.Join(", ", names);
    }

    /// <summary>
    /// The scorer of the ONNX model: a session on one thread (a run classifies from several workers already), the feature
    /// row and an empty label (the graph's first node maps the label column to a key, as the ML.NET chain does) in, the
    /// <c>Score</c> column out, then the same clamp-and-normalise as <see cref="ClassifierModel.Predict"/>.
    /// </summary>
    private sealed class OnnxScorer : IDisposable
    {
        private readonly InferenceSession _session;
        private readonly string _scoreOutput;
        private readonly float[] _input = new float[DetectorFeatures.Count];
        private readonly OrtValue _features;
        private readonly OrtValue _label;
        private readonly Microsoft.ML.OnnxRuntime.RunOptions _run = new();
        private readonly string[] _inputNames;
        private readonly OrtValue[] _inputs;

        public OnnxScorer(string path)
        {
            var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
            _session = new InferenceSession(path, options);
            _scoreOutput = _session.OutputNames.First(n => n.StartsWith("Score", StringComparison.Ordinal));
            _features = OrtValue.CreateTensorValueFromMemory(_input, [1, DetectorFeatures.Count]);
            _label = MakeLabel();
            _inputNames = [.. _session.InputNames];
            _inputs = [.. _inputNames.Select(n => n.StartsWith("Features", StringComparison.Ordinal) ? _features : _label)];
        }

        private static OrtValue MakeLabel()
        {
            var label = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1]);
            label.StringTensorSetElementAt("", 0);
            return label;
        }

        public double[] Predict(float[] features)
        {
            features.CopyTo(_input, 0);
            using var outputs = _session.Run(_run, _inputNames, _inputs, [_scoreOutput]);
            var score = outputs[0].GetTensorDataAsSpan<float>();
            var p = new double[QuestCategory.All.Length];
            if (score.Length != p.Length) throw new InvalidOperationException($"the ONNX model gives {score.Length} class scores, expected {p.Length}");
            double sum = 0;
            for (int i = 0; i < p.Length; i++) sum += p[i] = Math.Max(0, score[i]);
            if (sum > 0) for (int i = 0; i < p.Length; i++) p[i] /= sum;
            return p;
        }

        public void Dispose()
        {
            _features.Dispose();
            _label.Dispose();
            _run.Dispose();
            _session.Dispose();
        }
    }

    public static int Compare(string modelPath, string onnxPath, string featuresPath)
    {
        var (names, rows) = ReadFeatures(featuresPath);
        var pairs = ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section).PairCriteria;
        using var mlnet = BoostedTrees.Load(modelPath);
        using var onnx = new OnnxScorer(onnxPath);
        int classes = QuestCategory.All.Length;
        var maxDiff = new double[classes];
        var maxRelative = new double[classes];
        var atRelative = new (double MlNet, double Onnx)[classes];
        int argmaxAgree = 0, decideAgree = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            var a = mlnet.Predict(rows[r]);
            var b = onnx.Predict(rows[r]);
            for (int c = 0; c < classes; c++)
            {
                double d = Math.Abs(a[c] - b[c]);
                maxDiff[c] = Math.Max(maxDiff[c], d);
                if (a[c] > 0 && d / a[c] > maxRelative[c]) (maxRelative[c], atRelative[c]) = (d / a[c], (a[c], b[c]));
            }
            int am = ArgMax(a), bm = ArgMax(b);
            int ad = QuestCategory.Decide(a, pairs.PairMinProbability), bd = QuestCategory.Decide(b, pairs.PairMinProbability);
            argmaxAgree += am == bm ? 1 : 0;
            decideAgree += ad == bd ? 1 : 0;
            if (ad != bd || am != bm)
                Console.WriteLine($"  {names[r]}: ML.NET {QuestCategory.All[ad]} ({string.Join(' ', a.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}), " +
                    $"ONNX {QuestCategory.All[bd]} ({string.Join(' ', b.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))})");
        }
        Console.WriteLine($"{rows.Length} tracks; predicted class (the run's decision, pair operating point {pairs.PairMinProbability}): {decideAgree} of {rows.Length} agree; argmax: {argmaxAgree} of {rows.Length}");
        Console.WriteLine("class: max |p_onnx - p_mlnet|, max relative difference (at p_mlnet, p_onnx)");
        for (int c = 0; c < classes; c++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {QuestCategory.All[c],-20} {maxDiff[c]:E2}  {maxRelative[c]:E2} ({atRelative[c].MlNet:G4}, {atRelative[c].Onnx:G4})"));
        return decideAgree == rows.Length ? 0 : 1;
    }

    private static int ArgMax(double[] p)
    {
        int best = 0;
        for (int i = 1; i < p.Length; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    /// <summary>
    /// One way's cost in this (fresh) process: the rows are read first, then model load, the first prediction and every row,
    /// each stage's process CPU (user + system, /proc/self/stat), wall and methods JIT-compiled; the process's own start-up
    /// and peak RSS (VmHWM) at the end.
    /// </summary>
    public static int Cost(string way, string modelPath, string featuresPath, int engines)
    {
        var (_, rows) = ReadFeatures(featuresPath);
        var start = Snapshot.Take();
        // Every row's probabilities, kept to be digested after the timing: the same digest from two builds means the same bits.
        var p = new double[rows.Length][];
        Snapshot loaded, first;
        if (way == "mlnet")
        {
            // Round 10: ML.NET's model is BoostedTrees (one engine); the run's former engine pool (engines > 1) is gone with it.
            using var model = BoostedTrees.Load(modelPath);
            loaded = Snapshot.Take();
            model.Predict(rows[0]);
            first = Snapshot.Take();
            for (int r = 0; r < rows.Length; r++) p[r] = model.Predict(rows[r]);
        }
        else if (way == "onnx")
        {
            using var model = new OnnxScorer(modelPath);
            loaded = Snapshot.Take();
            model.Predict(rows[0]);
            first = Snapshot.Take();
            for (int r = 0; r < rows.Length; r++) p[r] = model.Predict(rows[r]);
        }
        else throw new ArgumentException($"way '{way}': mlnet or onnx");
        var end = Snapshot.Take();
        var bytes = new byte[rows.Length * QuestCategory.All.Length * sizeof(double)];
        for (int r = 0; r < rows.Length; r++)
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(p[r].AsSpan()).CopyTo(bytes.AsSpan(r * QuestCategory.All.Length * sizeof(double)));
        string digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{way} engines={engines} rows={rows.Length} before: cpu={start.CpuS:F3} jit={start.Jit} | load: cpu={loaded.CpuS - start.CpuS:F3} wall={loaded.WallS - start.WallS:F3} jit={loaded.Jit - start.Jit} | " +
            $"first: cpu={first.CpuS - loaded.CpuS:F3} wall={first.WallS - loaded.WallS:F3} jit={first.Jit - loaded.Jit} | rows: cpu={end.CpuS - first.CpuS:F3} wall={end.WallS - first.WallS:F3} jit={end.Jit - first.Jit} | " +
            $"total: cpu={end.CpuS - start.CpuS:F3} wall={end.WallS - start.WallS:F3} jit={end.Jit - start.Jit} | process cpu={end.CpuS:F3} jit={end.Jit} peak_rss_mb={PeakRssMb():F0} load_avg={File.ReadAllText("/proc/loadavg").Split(' ')[0]} probabilities_sha256={digest}"));
        return 0;
    }

    private readonly record struct Snapshot(double CpuS, double WallS, long Jit)
    {
        private static readonly double TicksPerSecond = 100;   // USER_HZ on Linux (sysconf(_SC_CLK_TCK)), in which /proc/self/stat counts

        public static Snapshot Take()
        {
            // Fields 14 and 15 (utime, stime) after the command's closing parenthesis; the tick is 10 ms, so getrusage would be
            // finer, but /proc is what the run report reads and the differences measured here are tenths of a second.
            var stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
            return new Snapshot(cpu, Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency, System.Runtime.JitInfo.GetCompiledMethodCount());
        }
    }

    private static double PeakRssMb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        return double.NaN;
    }
}
