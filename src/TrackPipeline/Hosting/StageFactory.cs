using System.Globalization;
using Microsoft.Extensions.Options;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Reconstruction;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>Builds the stages of the signal chain, in order, from the validated settings.</summary>
public sealed class StageFactory(
    IOptions<RunOptions> run,
    IOptions<DetectorOptions> detector,
    IOptions<TopologySettings> topology,
    IOptions<ClassifierSettings> classifier,
    IOptions<ReconstructionSettings> reconstruction,
    IOptions<LabelSettings> labels,
    IOptions<RenderOptions> images,
    EarlyClassifierSession? earlySession = null)
{
    /// <param name="modelInBackground">The classifier's ONNX session made on a thread of its own (or taken over from the run's
    /// <see cref="EarlyClassifierSession"/>, begun when the settings were checked) (<see cref="IPreparedInBackground"/>): a run's graph waits for it.</param>
    public IReadOnlyList<ITrackStage> CreateStages(bool modelInBackground = false)
    {
        var stages = CreateMeasurementStages(out var readout).ToList();
        // The classifier decides from the triggered pixels: without a pixel level (no readout, or an anode grid alone)
        // there is nothing to decide from, and the score columns are left out (the perfect-detector view, on raw
        // deposits, is the only exception).
        if (readout?.Fine is not null || classifier.Value.View == DetectorView.PerfectDetector)
            stages.Add(new ClassificationStage(classifier.Value, topology.Value, readout is null ? null : new TriggeredPixelCloud(readout), modelInBackground,
                earlySession?.Take(classifier.Value.ResolvedModelPath)));
        // Last: the pictures need every earlier stage's result (and the scores, in quest mode).
        if (images.Value.Mode != ImageMode.None)
            stages.Add(new RenderStage(images.Value, Path.GetFullPath(run.Value.Output), readout, topology.Value, classifier.Value.QuestTopPerCategory));
        return stages;
    }

    /// <summary>
    /// The render stage of the pass that draws quest candidates no run drew (<c>--images quest</c>): selections of its own,
    /// each wide enough for all <paramref name="tracks"/> it is given, so that it draws every one of them and pushes none
    /// out (deleting its picture), nor any picture the run's own stage kept.
    /// </summary>
    public RenderStage CandidatePicturesStage(int tracks)
    {
        var readout = detector.Value.Enabled
            ? DetectorConfig.Load(detector.Value.ResolvedConfigDirectory, detector.Value.Readout, detector.Value.Medium, detector.Value.DepthM).Readout
            : null;
        return new RenderStage(images.Value, Path.GetFullPath(run.Value.Output), readout, topology.Value, Math.Max(tracks, classifier.Value.QuestTopPerCategory));
    }

    /// <summary>
    /// Columns of the tracks table that belong to no stage: the truth's class (<see cref="TruthClassColumn"/>), the
    /// same label <c>train</c> and <c>evaluate</c> use, for the run's confusion matrix.
    /// </summary>
    public IReadOnlyList<ITableContributor> TableColumns() => [new TruthClassColumn(labels.Value)];

    /// <summary>Read, drift, readout, topology and reconstruction (<see cref="MeasurementChain"/>, which the benchmarks build too): train and evaluate start here.</summary>
    /// <param name="depthSpreadM">Extra depth drawn per track in [0, this) m (<see cref="DriftSettings.DepthSpreadM"/>); 0 for runs.</param>
    /// <param name="runSeed">The drift's and readout's seed in place of <c>Run:Seed</c> (<c>evaluate --run-seeds</c>); null: <c>Run:Seed</c>.</param>
    public IReadOnlyList<ITrackStage> CreateMeasurementStages(out ReadoutSettings? readout, double depthSpreadM = 0, ulong? runSeed = null) =>
        MeasurementChain.Create(run.Value, detector.Value, topology.Value, reconstruction.Value, out readout, depthSpreadM, runSeed);

    /// <summary>Problems with the detector settings, found by loading the presets at start-up.</summary>
    public static IEnumerable<string> Problems(DetectorOptions d) => Problems(d, depthSpreadM: 0);

    /// <summary>
    /// The same, for tracks drifted up to <paramref name="depthSpreadM"/> deeper than <c>Detector:DepthM</c> (train's
    /// <c>Training:DriftDepthSpreadM</c>): the deepest drift drawn is bounded as <c>--depth</c> is (breaker18 item 5: drawn
    /// 1000 m deep, 9 of 12 tracks read no charge and the model was fitted on the rest without a word).
    /// </summary>
    public static IEnumerable<string> Problems(DetectorOptions d, double depthSpreadM)
    {
        if (!d.Enabled) yield break;
        // One line per problem, naming the setting the user typed (not the preset file's path below the program).
        if (!double.IsFinite(d.DepthM)) { yield return $"Detector:DepthM: {d.DepthM} is not a finite distance in metres (>= 0)"; yield break; }
        if (d.DepthM < 0) { yield return $"Detector:DepthM: {d.DepthM} must not be negative"; yield break; }
        var folder = d.ResolvedConfigDirectory;
        if (!Directory.Exists(folder)) { yield return $"Detector:ConfigDirectory: {folder} does not exist"; yield break; }
        bool presetsFound = true;
        foreach (var (key, sub, name) in new[] { ("Detector:Readout", "readouts", d.Readout), ("Detector:Medium", "medium", d.Medium) })
        {
            if (File.Exists(Path.Combine(folder, sub, name + ".json"))) continue;
            presetsFound = false;
            var known = Directory.Exists(Path.Combine(folder, sub))
                ? Directory.GetFiles(Path.Combine(folder, sub), "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal).ToList()
                : [];
            if (sub == "readouts") known.Add(DetectorOptions.NoReadout);
            var where = string.IsNullOrWhiteSpace(d.ConfigDirectory) ? Path.Combine("config", sub) : Path.Combine(folder, sub);
            yield return $"{key}: no preset {name}.json in {where} (known: {string.Join(", ", known)})";
        }
        if (!presetsFound) yield break;
        string? problem = null;
        DetectorConfig? config = null;
        try { config = DetectorConfig.Load(folder, d.Readout, d.Medium, d.DepthM); }
        catch (Exception e) when (e is DetectorConfigException or IOException or UnauthorizedAccessException) { problem = e.Message; }
        if (problem is not null) yield return $"Detector: {problem}";
        // Drifted 100 m (or 1e300 m) every track read 0 pixels without a word (breaker 17 F11): bounded by the medium preset.
        else if (d.DepthM > config!.Drift.MaxDepthM)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Detector:DepthM: {d.DepthM} m is deeper than any drift ({config.Drift.MaxDepthM} m, drift.max_depth of medium/{d.Medium}.json): metres expected (a depth of 1 cm is 0.01)");
        else if (depthSpreadM > 0 && d.DepthM + depthSpreadM > config.Drift.MaxDepthM)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"Training:DriftDepthSpreadM: tracks would be drifted up to {d.DepthM + depthSpreadM} m (Detector:DepthM {d.DepthM} + {depthSpreadM}), deeper than any drift ({config.Drift.MaxDepthM} m, drift.max_depth of medium/{d.Medium}.json)");
    }
}
