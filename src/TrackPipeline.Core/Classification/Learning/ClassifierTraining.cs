using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrackPipeline.Numerics;

namespace TrackPipeline.Classification.Learning;

/// <summary>What <c>train</c> does (configuration section <c>Training</c>): the generated sample and the trees.</summary>
public sealed class TrainingSettings
{
    public const string Section = "Training";

    public ulong Seed { get; set; }
    /// <summary>Primary energies (keV); no default here: the configuration binder appends to an initialised array.</summary>
    public int[] EnergiesKev { get; set; } = [];
    public int CountPerEnergy { get; set; }
    /// <summary>Share of the generated tracks kept out of the fit to measure it (chosen by a hash of the track name).</summary>
    public double HoldOutFraction { get; set; }
    /// <summary>
    /// Each training track is drifted from <c>Detector:DepthM</c> plus a depth drawn uniformly in [0, this), m: the
    /// model then sees the diffusion of every depth of a drift cell, as real data (and the sample, read at 1 cm) has.
    /// </summary>
    public double DriftDepthSpreadM { get; set; }
    /// <summary>Which boosted trees: FastTree one-versus-all or LightGBM multiclass.</summary>
    public BoostedModel Model { get; set; }
    public int Trees { get; set; }
    public int Leaves { get; set; }
    public int MinExamplesPerLeaf { get; set; }
    public double LearningRate { get; set; }

    public BoostingSettings Boosting => new(Model, Trees, Leaves, MinExamplesPerLeaf, LearningRate);

    /// <summary>
    /// Primary energies are a set, said in increasing order as the prong radii are: [300, 100] drew the same tracks as
    /// [100, 300] under another sample digest, and [300, 300] drew each track twice (breaker13 item 4).
    /// </summary>
    public static string? IncreasingEnergiesProblem(IReadOnlyList<int> energiesKev)
    {
        bool positive = true, increasing = true;
        for (int i = 0; i < energiesKev.Count; i++)
        {
            positive &= energiesKev[i] > 0;
            increasing &= i == 0 || energiesKev[i] > energiesKev[i - 1];
        }
        return positive && increasing ? null
            : $"must be positive energies (keV) that increase, each once ({string.Join(", ", energiesKev.Select(e => e.ToString(CultureInfo.InvariantCulture)))} given)";
    }

    public IEnumerable<string> Problems()
    {
        if (EnergiesKev.Length == 0) yield return "Training:EnergiesKev needs at least one energy";
        else if (IncreasingEnergiesProblem(EnergiesKev) is { } energies) yield return "Training:EnergiesKev " + energies;
        if (CountPerEnergy < 1) yield return "Training:CountPerEnergy must be at least 1";
        if (!(HoldOutFraction is >= 0 and < 1)) yield return "Training:HoldOutFraction must be in [0, 1)";
        if (!(DriftDepthSpreadM >= 0 && double.IsFinite(DriftDepthSpreadM))) yield return "Training:DriftDepthSpreadM must be a finite depth >= 0 (m)";
        if (Trees < 1 || Leaves < 2 || MinExamplesPerLeaf < 1 || !(LearningRate > 0)) yield return "Training: Trees >= 1, Leaves >= 2, MinExamplesPerLeaf >= 1, LearningRate > 0";
    }
}

/// <summary>Fits the classifier to measured, labelled tracks and writes the model zip and its provenance JSON.</summary>
public static class ClassifierTraining
{

    public static bool IsHeldOut(string trackName, double fraction) =>
        StableHash.Of("holdout/" + trackName) % 10_000 < (ulong)Math.Round(fraction * 10_000);

    /// <summary>
    /// Fits the trees and measures them on the held-out tracks as a run scores them: through their ONNX export and
    /// ONNX Runtime (<see cref="ClassifierModel"/>), not ML.NET's own engine.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("ML.NET and the provenance's reflection JSON: train is left out of the Native AOT build (Learner)")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("ML.NET and the provenance's reflection JSON: train is left out of the Native AOT build (Learner)")]
    public static (BoostedTrees Model, ClassificationReport HeldOut, JsonObject Provenance) Train(
        IReadOnlyList<LabelledTrack> tracks, TrainingSettings settings, LabelSettings labels, DetectorView view, JsonObject sample, PairCriteria pairs)
    {
        var usable = tracks.Where(t => t.TrueClass is not null).ToList();
        var fit = usable.Where(t => !IsHeldOut(t.Name, settings.HoldOutFraction)).ToList();
        var held = usable.Where(t => IsHeldOut(t.Name, settings.HoldOutFraction)).ToList();
        // A model whose held-out set is empty has no measured performance, and one fitted to a single class decides nothing.
        int classesFit = fit.Select(t => t.TrueClass).Distinct().Count();
        if (held.Count == 0 || classesFit < 2)
            throw new InvalidOperationException(
                $"the sample is too small to train and measure a model: {usable.Count} labelled tracks give {fit.Count} to fit ({classesFit} {(classesFit == 1 ? "class" : "classes")}) and {held.Count} held out " +
                $"({100 * settings.HoldOutFraction:0} %); use more tracks (--count) or energies");
        // Every fitted track weighs alike: a class-weighted fit was measured against the pair operating point and not
        // shipped (Training:ClassWeightPower, removed 2026-11-28; docs/classification.md round 7, weighted-fit benchmark).
        var model = BoostedTrees.Train(fit.Select(t => new LabelledFeatures(t.Features, QuestCategory.IndexOf(t.TrueClass!))).ToList(),
            settings.Boosting, unchecked((int)settings.Seed));
        // Held-out tracks are scored from their features directly (not re-run through the stages).
        using (var scorer = model.ToScorer())
            foreach (var t in held) t.Scores = TrackClassifier.Score(scorer, t.Features, pairs);
        var report = ClassificationReport.Of(held, labels.SymmetricMinRatio);

        // Enums by name in the provenance ("ProngCharges", not 1): as the settings are written.
        var readable = new JsonSerializerOptions { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var c = CultureInfo.InvariantCulture;
        var counts = new JsonObject();
        foreach (var g in fit.GroupBy(t => t.TrueClass!).OrderBy(g => QuestCategory.IndexOf(g.Key)))
        {
            var perEnergy = new JsonObject();
            foreach (var e in g.GroupBy(t => Math.Round(t.TrueEnergyKev ?? 0)).OrderBy(e => e.Key))
                perEnergy[e.Key.ToString("0", c)] = e.Count();
            counts[g.Key] = perEnergy;
        }
        var provenance = new JsonObject
        {
            ["model"] = settings.Model == BoostedModel.LightGbmMulticlass
                ? "LightGBM multiclass gradient-boosted trees (softmax) through ML.NET"
                : "ML.NET FastTree gradient-boosted trees, one-versus-all, probabilities normalised over the classes",
            ["library"] = "Microsoft.ML " + BoostedTrees.LibraryVersion + (settings.Model == BoostedModel.LightGbmMulticlass ? ", Microsoft.ML.LightGbm " + BoostedTrees.LightGbmVersion : ""),
            ["seed"] = settings.Seed,
            ["view"] = view.ToString(),
            ["features"] = new JsonArray(DetectorFeatures.Names.Select(n => (JsonNode)n).ToArray()),
            ["classes"] = new JsonArray(QuestCategory.All.Select(n => (JsonNode)n).ToArray()),
            ["boosting"] = JsonSerializer.SerializeToNode(settings.Boosting, readable),
            ["labels"] = JsonSerializer.SerializeToNode(labels, readable),
            ["sample"] = sample,
            ["tracks_fit"] = fit.Count,
            ["tracks_held_out"] = held.Count,
            ["counts_per_class_and_energy_kev"] = counts,
            ["held_out_metrics"] = new JsonObject
            {
                ["accuracy"] = Math.Round(report.Accuracy, 4),
                ["per_class"] = new JsonArray(report.Classes.Select(f => (JsonNode)new JsonObject
                {
                    ["class"] = f.Class, ["true"] = f.True, ["predicted"] = f.Predicted,
                    ["efficiency"] = f.Efficiency is { } e ? Math.Round(e, 4) : null,
                    ["purity"] = f.Purity is { } p ? Math.Round(p, 4) : null,
                }).ToArray()),
                ["targets"] = new JsonArray(report.Targets.Select(t => (JsonNode)new JsonObject
                {
                    ["question"] = t.Question, ["tracks"] = t.Tracks, ["right"] = t.Right,
                    ["fraction"] = t.Fraction is { } f ? Math.Round(f, 4) : null,
                }).ToArray()),
            },
        };
        return (model, report, provenance);
    }
}
