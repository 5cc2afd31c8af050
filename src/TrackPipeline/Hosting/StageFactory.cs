using Microsoft.Extensions.Options;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>Builds the stages of the signal chain, in order, from the validated settings.</summary>
public sealed class StageFactory(
    IOptions<RunOptions> run,
    IOptions<DetectorOptions> detector,
    IOptions<TopologySettings> topology,
    IOptions<ClassifierSettings> classifier,
    IOptions<RenderOptions> images)
{
    public IReadOnlyList<ITrackStage> CreateStages()
    {
        var stages = new List<ITrackStage> { new ReadStage() };
        IPixelCloudSource? pixels = null;
        ReadoutSettings? readout = null;
        var d = detector.Value;
        if (d.Enabled)
        {
            var config = DetectorConfig.Load(d.ResolvedConfigDirectory, d.Readout, d.Medium, d.DepthM);
            stages.Add(new DriftStage(config.Medium, config.Drift, config.Readout, run.Value.Seed, d.Medium));
            stages.Add(new ReadoutStage(config.Readout, run.Value.Seed, d.WriteNoiselessSamples));
            pixels = new TriggeredPixelCloud(config.Readout);
            readout = config.Readout;
        }
        stages.Add(new TopologyStage(topology.Value, pixels));
        stages.Add(new ClassificationStage(classifier.Value));
        // Last: the pictures need every earlier stage's result (and the scores, in quest mode).
        if (images.Value.Mode != ImageMode.None)
            stages.Add(new RenderStage(images.Value, Path.GetFullPath(run.Value.Output), readout, topology.Value));
        return stages;
    }

    /// <summary>Problems with the detector settings, found by loading the presets at start-up.</summary>
    public static IEnumerable<string> Problems(DetectorOptions d)
    {
        if (!d.Enabled) yield break;
        if (!(d.DepthM >= 0)) yield return $"Detector:DepthM: {d.DepthM} must not be negative";
        string? problem = null;
        try { DetectorConfig.Load(d.ResolvedConfigDirectory, d.Readout, d.Medium, Math.Max(0, d.DepthM)); }
        catch (Exception e) when (e is DetectorConfigException or IOException or UnauthorizedAccessException) { problem = e.Message; }
        if (problem is not null) yield return $"Detector: {problem}";
    }
}
