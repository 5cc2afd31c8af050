using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// The detector part of the signal chain as every benchmark program builds it: a readout preset of a config folder, the
/// drift stage then the readout stage, seeded like a run, built by the library's <see cref="DetectorStages"/> as the
/// app's <see cref="MeasurementChain"/> builds it (one place; this project references the library only, not the app).
/// One chain serves one thread at a time: the stages keep scratch buffers, as in the pipeline.
/// </summary>
internal sealed class DetectorChain
{
    private DetectorChain(DetectorConfig config, ulong seed, string? medium)
    {
        Config = config;
        Seed = seed;
        Stages = DetectorStages.Create(config, seed, medium);
    }

    /// <summary>Drift, readout and the triggered pixels' cloud, as the library builds them for a run.</summary>
    public DetectorStages Stages { get; }

    public DetectorConfig Config { get; }
    public ulong Seed { get; }
    public DriftStage Drift => Stages.Drift;
    public ReadoutStage Readout => Stages.Readout;
    public TriggeredPixelCloud Pixels => Stages.Pixels;

    /// <summary>The run's chain on this detector: read, drift, readout, topology, reconstruction (<see cref="MeasurementChain.Of"/>).</summary>
    public IReadOnlyList<ITrackStage> Chain(TopologySettings topology, ReconstructionSettings reconstruction) =>
        MeasurementChain.Of(Stages, topology, reconstruction);

    /// <summary>Topology then reconstruction on this detector's triggered pixels, as the run chains them (<see cref="MeasurementChain.Analysis"/>).</summary>
    public ITrackStage[] Analysis(TopologySettings topology, ReconstructionSettings reconstruction) =>
        MeasurementChain.Analysis(topology, reconstruction, Config.Medium.KeVPerCollectedElectron, Pixels);

    /// <param name="medium">The material the drift stage checks each track's folder against, as a run does (null: not checked).</param>
    public static DetectorChain Load(string configDir, string readout = "GAMPixG", double depthM = 0.01, ulong seed = 1, string? medium = null) =>
        new(DetectorConfig.Load(configDir, readout, depthM: depthM), seed, medium);

    /// <summary>Drift, then readout, of one track item (as the pipeline's stages do).</summary>
    public TrackItem Process(TrackItem item)
    {
        Drift.Process(item, CancellationToken.None);
        Readout.Process(item, CancellationToken.None);
        return item;
    }
}
