using TrackPipeline.Classification;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Classification;

/// <summary>The boosted trees learn separable classes, reproduce from their seed, and survive a save and load.</summary>
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

        var path = Path.Combine(_dir, "m.zip");
        a.Save(path);
        using var loaded = ClassifierModel.Load(path);
        foreach (var t in test.Take(10)) Assert.Equal(a.Predict(t.Features), loaded.Predict(t.Features));
    }

    [Fact]
    public void Engines_prepared_ahead_give_the_same_probabilities_as_engines_built_on_first_use()
    {
        var train = Blobs(40, 3);
        var test = Blobs(10, 4);
        using var model = ClassifierModel.Train(train, new BoostingSettings(BoostedModel.FastTreeOneVersusAll, 20, 8, 5, 0.2), seed: 5);
        var path = Path.Combine(_dir, "m.zip");
        model.Save(path);
        using var fresh = ClassifierModel.Load(path);
        using var prepared = ClassifierModel.Load(path);
        // The run prepares one engine per worker, each run once on a row of zeros: that must leave nothing behind.
        prepared.PrepareEngines(2);
        var results = new double[test.Count][];
        Parallel.For(0, test.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => results[i] = prepared.Predict(test[i].Features));
        for (int i = 0; i < test.Count; i++) Assert.Equal(fresh.Predict(test[i].Features), results[i]);
    }
}
