using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Round 10: the run scores the shipped model through its ONNX export (config/models/classifier.onnx, ONNX Runtime)
/// instead of ML.NET's zip. On the real sample, measured by the pipeline's own stages at one detector seed, both give every
/// track the same class and the same quest ranking order, with probabilities equal to float rounding: ML.NET sums the
/// trees in double, ONNX Runtime in float (the round-9 study saw at most 6.6e-7 over 324 rows; the bound is 1e-5).
/// </summary>
public sealed class OnnxAgreementOnSampleTests
{
    [SharedDataFact]
    public void The_shipped_onnx_export_and_the_ml_net_zip_give_the_sample_the_same_classes()
    {
        using var setup = LearningSetup.Parse(["--input", TestData.TracksRoot!], "evaluate", []);
        var (sources, _) = setup.Tracks(TextWriter.Null);
        var tracks = setup.Measure(sources, TextWriter.Null, runSeed: 1);
        var onnxPath = setup.Classifier.ResolvedModelPath;
        using var onnx = ClassifierModel.Load(onnxPath);
        using var trees = BoostedTrees.Load(Path.ChangeExtension(onnxPath, ".zip"));
        var pairs = setup.Classifier.PairCriteria;

        Assert.Equal(108, sources.Count);
        Assert.Equal(108, tracks.Count);   // every sample track has triggered pixels at seed 1
        double worst = 0;
        foreach (var t in tracks)
        {
            var reference = trees.Predict(t.Features);
            var p = onnx.Predict(t.Features);
            Assert.True(QuestCategory.Decide(reference, pairs.PairMinProbability) == QuestCategory.Decide(p, pairs.PairMinProbability), $"{t.Name}: the class differs");
            for (int c = 0; c < p.Length; c++) worst = Math.Max(worst, Math.Abs(p[c] - reference[c]));
        }
        Assert.True(worst < 1e-5, $"max |dp| {worst:E2}");   // 2.8e-7 with the model of 2026-11-28

        // The quest ranks each category by its key and keeps the first Classifier:QuestTopPerCategory: the same tracks in the
        // same order either way (far down the list, keys of ~1e-9 may become 0 in float and tie).
        for (int q = 0; q < QuestCategory.Quest.Length; q++)
        {
            string[] Order(Func<float[], double[]> predict) => [.. tracks
                .Select(t => (t.Name, Key: QuestRanking.Keys(predict(t.Features), t.Features, pairs)[q]))
                .OrderByDescending(x => x.Key).ThenBy(x => x.Name, StringComparer.Ordinal).Select(x => x.Name).Take(setup.Classifier.QuestTopPerCategory)];
            Assert.Equal(Order(trees.Predict), Order(onnx.Predict));
        }
    }
}
