using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The detector's part of the signal chain, drift then readout, from a loaded preset and seeded like a run: the one
/// place both the app (<see cref="MeasurementChain"/>) and the benchmark programs build it.
/// </summary>
/// <param name="Pixels">The triggered pixels as a point cloud, for topology and reconstruction.</param>
public sealed record DetectorStages(DetectorConfig Config, DriftStage Drift, ReadoutStage Readout, TriggeredPixelCloud Pixels)
{
    /// <param name="material">The material each track's folder must name, as a run checks it (null: not checked).</param>
    /// <param name="depthSpreadM">Extra depth drawn per track in [0, this) m (<see cref="DriftSettings.DepthSpreadM"/>); 0 for runs.</param>
    public static DetectorStages Create(DetectorConfig config, ulong seed, string? material, bool writeNoiselessSamples = false, double depthSpreadM = 0) =>
        new(config,
            new DriftStage(config.Medium, config.Drift with { DepthSpreadM = depthSpreadM }, config.Readout.AnodeGeometry, seed, material),
            new ReadoutStage(config.Readout, seed, writeNoiselessSamples),
            new TriggeredPixelCloud(config.Readout));
}

/// <summary>
/// Read, drift, readout, topology and reconstruction: what the detector measures and its features, in chain order, from
/// the validated settings. The run adds classification and pictures; <c>train</c> and <c>evaluate</c> start here.
/// </summary>
public static class MeasurementChain
{
    /// <param name="readout">The readout's settings, null without a readout (<c>--readout none</c>).</param>
    /// <param name="depthSpreadM">Extra depth drawn per track in [0, this) m; 0 for runs.</param>
    /// <param name="runSeed">The seed of the drift's and readout's random stream in place of <c>Run:Seed</c> (<c>evaluate --run-seeds</c>); null: <c>Run:Seed</c>.</param>
    public static IReadOnlyList<ITrackStage> Create(RunOptions run, DetectorOptions detector, TopologySettings topology,
        ReconstructionSettings reconstruction, out ReadoutSettings? readout, double depthSpreadM = 0, ulong? runSeed = null)
    {
        readout = null;
        if (detector.Enabled)
        {
            var config = DetectorConfig.Load(detector.ResolvedConfigDirectory, detector.Readout, detector.Medium, detector.DepthM);
            readout = config.Readout;
            return Of(DetectorStages.Create(config, runSeed ?? run.Seed, detector.Medium, detector.WriteNoiselessSamples, depthSpreadM), topology, reconstruction, run.TrackLimitsIn(config.Medium));
        }
        // Charge to energy needs the medium even without a drift (raw-level reconstruction).
        var medium = MediumOf(detector);
        return [new ReadStage(run.TrackLimitsIn(medium)), .. Analysis(topology, reconstruction, medium.KeVPerCollectedElectron, pixels: null)];
    }

    /// <summary>The medium preset the settings name (<c>config/medium/&lt;Detector:Medium&gt;.json</c>).</summary>
    public static MediumSettings MediumOf(DetectorOptions detector) =>
        DetectorConfig.LoadMedium(Path.Combine(detector.ResolvedConfigDirectory, "medium", detector.Medium + ".json")).Item1;

    /// <summary>
    /// The reader's limits as the read stage has them, the electron bound in the run's medium included: what a resume
    /// checks a changed input with, so that a file it lets through is one the run then reads.
    /// </summary>
    public static TrackLimits TrackLimitsOf(RunOptions run, DetectorOptions detector) => run.TrackLimitsIn(MediumOf(detector));

    /// <summary>
    /// The chain of a loaded detector preset: read, drift, readout, topology, reconstruction, as a run builds it. The tests
    /// and the benchmark programs that take tracks through the chain build it here, so they measure what a run measures.
    /// </summary>
    /// <param name="limits">The read stage's limits (null: the reader's own).</param>
    public static IReadOnlyList<ITrackStage> Of(DetectorStages detector, TopologySettings topology, ReconstructionSettings reconstruction,
        TrackLimits? limits = null) =>
        [new ReadStage(limits ?? TrackLimits.None), detector.Drift, detector.Readout,
            .. Analysis(topology, reconstruction, detector.Config.Medium.KeVPerCollectedElectron, detector.Pixels)];

    /// <summary>Topology then reconstruction, on the triggered pixels (or the raw deposits without a readout).</summary>
    public static ITrackStage[] Analysis(TopologySettings topology, ReconstructionSettings reconstruction, double keVPerCollectedElectron,
        IPixelCloudSource? pixels) =>
    [
        // The raw deposits' cone vertex is searched only when the reconstruction reads it (Reconstruction:Level raw).
        new TopologyStage(topology, pixels, rawPairVertex: !reconstruction.UsesPixels),
        new ReconstructionStage(reconstruction, topology, keVPerCollectedElectron, pixels),
    ];
}
