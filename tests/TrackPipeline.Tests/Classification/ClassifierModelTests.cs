using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The boosted trees learn separable classes, reproduce from their seed (trees and ONNX export), survive a save and load,
/// and their ONNX export (what the run scores with) agrees with ML.NET; a missing or corrupt model file is an error naming it.
/// </summary>
public sealed class ClassifierModelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Three classes told apart by features 0 and 4 (with noise on every feature).</summary>
    private static List<LabelledFeatures> Blobs(int perClass, ulong seed)
    {
        var rng = new TrackRandom(seed);
        var list = new List<LabelledFeatures>();
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < perClass; i++)
            {
                var f = new float[DetectorFeatures.Count];
                for (int k = 0; k < f.Length; k++) f[k] = (float)rng.NextGaussian();
                f[0] += 4 * c;
                f[4] += c == 2 ? 5 : 0;
                list.Add(new LabelledFeatures(f, c == 2 ? QuestCategory.IndexOf(QuestCategory.SymmetricPair) : c));
            }
        return list;
    }

    [Theory]
    [InlineData(BoostedModel.FastTreeOneVersusAll)]
    [InlineData(BoostedModel.LightGbmMulticlass)]
    public void Learns_separable_classes_and_the_same_seed_gives_the_same_probabilities(BoostedModel kind)
    {
        var train = Blobs(80, 1);
        var test = Blobs(30, 2);
        var settings = new BoostingSettings(kind, 50, 8, 5, 0.2);
        using var a = ClassifierModel.Train(train, settings, seed: 7);
        using var b = ClassifierModel.Train(train, settings, seed: 7);
        int right = 0;
        foreach (var t in test)
        {
            var p = a.Predict(t.Features);
            Assert.Equal(1.0, p.Sum(), 6);
            Assert.Equal(p, b.Predict(t.Features));
            if (Array.IndexOf(p, p.Max()) == t.ClassIndex) right++;
        }
        Assert.True(right >= 0.9 * test.Count, $"{right} of {test.Count} right");
        // The export is byte-reproducible (train's classifier.onnx and its SHA-256 depend on the seed alone).
        Assert.True(a.Graph.Span.SequenceEqual(b.Graph.Span));

        var path = Path.Combine(_dir, "m.onnx");
        a.Save(path);
        using var loaded = ClassifierModel.Load(path);
        foreach (var t in test.Take(10)) Assert.Equal(a.Predict(t.Features), loaded.Predict(t.Features));
    }

    /// <summary>
    /// The run scores ML.NET's trees through their ONNX export: held-out tracks (generated blobs with known class, never
    /// fitted) get the same class from both, and probabilities equal to float rounding (ML.NET sums the trees in double,
    /// ONNX Runtime in float; 1e-5 is ~20x the largest difference the round-9 study saw on the sample).
    /// </summary>
    [Theory]
    [InlineData(BoostedModel.FastTreeOneVersusAll)]
    [InlineData(BoostedModel.LightGbmMulticlass)]
    public void The_onnx_export_agrees_with_the_ml_net_trees_on_held_out_rows(BoostedModel kind)
    {
        var train = Blobs(80, 5);
        var test = Blobs(40, 6);
        using var trees = BoostedTrees.Train(train, new BoostingSettings(kind, 50, 8, 5, 0.2), seed: 9);
        using var onnx = trees.ToScorer();
        double worst = 0;
        foreach (var t in test)
        {
            var reference = trees.Predict(t.Features);
            var p = onnx.Predict(t.Features);
            Assert.Equal(QuestCategory.Decide(reference, 0.2), QuestCategory.Decide(p, 0.2));
            for (int c = 0; c < p.Length; c++) worst = Math.Max(worst, Math.Abs(p[c] - reference[c]));
        }
        Assert.True(worst < 1e-5, $"max |dp| {worst:E2}");
    }

    [Fact]
    public void Predictions_from_many_threads_at_once_equal_those_made_one_by_one()
    {
        using var model = ClassifierModel.Train(Blobs(40, 3), new BoostingSettings(BoostedModel.FastTreeOneVersusAll, 20, 8, 5, 0.2), seed: 5);
        var test = Blobs(30, 4);
        var alone = test.Select(t => model.Predict(t.Features)).ToArray();
        // The run's workers share one ONNX session (its Run is thread-safe) and the empty label tensor.
        var together = new double[test.Count][];
        Parallel.For(0, test.Count * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => together[i % test.Count] = model.Predict(test[i % test.Count].Features));
        for (int i = 0; i < test.Count; i++) Assert.Equal(alone[i], together[i]);
    }

    [Fact]
    public void A_missing_model_file_is_an_error_naming_it()
    {
        var missing = Path.Combine(_dir, "nowhere", "classifier.onnx");
        var e = Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(missing));
        Assert.StartsWith($"{missing}: the classifier model cannot be read", e.Message);
        Assert.Contains("trackpipeline train", e.Message);
        // The settings check, before any run starts, says the same in one line.
        var settings = Shipped.Classifier;
        settings.ModelPath = missing;
        Assert.Contains($"no model at {missing}", Assert.Single(settings.Problems()));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("ml.net zip")]
    public void A_corrupt_model_file_is_an_error_naming_it(string kind)
    {
        var shipped = File.ReadAllBytes(Shipped.Classifier.ResolvedModelPath);
        var path = Path.Combine(_dir, "classifier.onnx");
        File.WriteAllBytes(path, kind switch
        {
            "garbage" => "this is not a model\n"u8.ToArray(),
            "truncated" => shipped.AsSpan(0, shipped.Length / 3).ToArray(),   // a copy cut short
            _ => File.ReadAllBytes(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".zip")),   // the ML.NET zip renamed
        });
        var e = Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(path));
        Assert.StartsWith($"{path}: not a classifier model ONNX Runtime can load", e.Message);
        Assert.Contains("trackpipeline train", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void A_model_path_naming_the_ml_net_zip_is_refused_naming_the_onnx_beside_it()
    {
        var settings = Shipped.Classifier;
        settings.ModelPath = Path.ChangeExtension(settings.ResolvedModelPath, ".zip");
        var problem = Assert.Single(settings.Problems());
        Assert.Contains("ML.NET's model zip", problem);
        Assert.Contains(Path.ChangeExtension(settings.ResolvedModelPath, ".onnx"), problem);
    }
}
