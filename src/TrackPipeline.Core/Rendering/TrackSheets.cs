using System.Globalization;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>Builds the <see cref="TrackSheet"/> of a track from what the stages left: deposits, drifted charge, readout samples, topology.</summary>
public static class TrackSheets
{
    public const string DriftNotRun = "drift not run (--readout none)";
    public const string ReadoutNotRun = "readout not run";
    /// <summary>The drift ran on a track whose deposits hold no electron (or none survived to the anode).</summary>
    public const string NoChargeDrifted = "drifted: no charge reached the anode";
    public const string NoPixelTriggered = "0 pixels triggered";
    public const string NoDeposits = "panels: no charge, the track has no deposits";

    /// <param name="evidence">What the stages made of the charge (class, vertices): chooses the frame, never the truth or the folder.</param>
    public static TrackSheet Build(Track track, DriftedCharge? drifted, ReadoutResult? readout, ReadoutSettings? readoutSettings,
        FramingEvidence evidence, TopologySettings topology, RenderOptions options, IReadOnlyList<string>? extraLines = null)
    {
        var c = CultureInfo.InvariantCulture;
        var clusters = ChargeClusters.Of(track.Deposits, topology);
        var frame = PictureFrame.Of(track.Deposits, clusters, evidence, options);
        var raw = TrackScene.FromTrack(track, $"raw deposits ({track.Deposits.Count.ToString("N0", c)} points)", clusters.Roles,
            clusters.Detached, options.DetachedMarkerMinPx, new DetachedRingSize(options.DetachedRingChargeRefE, options.DetachedRingGrowthPerDecade));
        TrackScene? drift = drifted is null ? null
            : TrackScene.FromDrifted(drifted, $"drifted to the anode ({drifted.Count.ToString("N0", c)} clumps)");
        TrackScene? read = null;
        if (readout?.Pixels is { } pixels && readoutSettings?.Fine is { } fine)
            read = TrackScene.FromReadout(pixels, fine.PitchM, fine.SamplingPitchM,
                $"{readout.ReadoutName} pixels, {1e6 * fine.PitchM:0} \u00b5m ({pixels.Count.ToString("N0", c)} triggered)");
        var lines = new List<string>
        {
            $"stages: raw | drifted{(drifted is null ? " (off)" : "")} | readout{(read is null ? " (off)" : " " + readout!.ReadoutName)}"
            + $"   -   {track.Deposits.TotalElectrons().ToString("N0", c)} e- deposited, first interaction (truth): {track.Truth?.FirstInteraction ?? "no truth"}",
        };
        var unit = LengthUnit.For(frame, options);
        lines.Add((evidence.PredictedClass is { } predicted ? $"classified from the charge as {predicted.Replace('_', ' ')}; " : "")
            // A track of 0 points has no cluster for a frame to be on (breaker16: "50 um frame on the main cluster").
            + (track.Deposits.Count == 0 ? NoDeposits
                : $"panels: {frame.Label(unit)}" + (NeedsOverview(frame) ? "; top-right inset: the whole event, red square = the frame" : "")));
        // Charge the frame cannot show (a track smaller than the diffusion or than one pixel) gets its panel's own cube, said here.
        bool subPixel = readoutSettings?.Fine is { } pixel && frame.SideMm < 1000 * pixel.PitchM;
        var driftedFrame = PanelCube.IfOutside(drift, frame, options, subPixel);
        var readoutFrame = PanelCube.IfOutside(read, frame, options, subPixel);
        if (driftedFrame is not null || readoutFrame is not null)
            lines.Add(string.Join("; ", new[] { ("drifted", driftedFrame), ("readout", readoutFrame) }.Where(p => p.Item2 is not null)
                .Select(p => $"{p.Item1} panel: its own {p.Item2!.Unit.Format(p.Item2.Side)} frame ({(subPixel ? "the track is smaller than one pixel" : "nothing of it inside the track's frame")})")));
        if (extraLines is not null) lines.AddRange(extraLines);
        return new TrackSheet
        {
            Title = Title(track.Source.Particle, track.Truth is { TrackEnergyKev: > 0 } t ? t.TrackEnergyKev : track.Source.EnergyKev, track.Name),
            Subtitles = lines,
            Raw = raw,
            Drifted = drift,
            Readout = read,
            Frame = frame,
            Evidence = evidence,
            Unit = unit,
            OverviewFraction = NeedsOverview(frame) ? options.OverviewFraction : 0,
            DriftedFrame = driftedFrame,
            ReadoutFrame = readoutFrame,
            DriftedLook = new DriftedLook(options.DriftedDensityCellMm, options.DriftedFaintBelow, options.DriftedFaintAlpha),
            // An empty panel of a stage that ran says what came of it (breaker 5 #5: "not run" under "GAMPixG ... (0 triggered)").
            DriftedEmpty = drifted is null ? DriftNotRun : NoChargeDrifted,
            ReadoutEmpty = read is not null ? NoPixelTriggered : readout is null ? ReadoutNotRun : $"{readout.ReadoutName}: no pixel level",
        };
    }

    /// <summary>
    /// A V frame shows a few mm of the event, a main-cluster frame may leave out some detached clusters: both need the
    /// whole event beside them. A frame holding every significant cluster does not (the inset took a quarter of the 3D
    /// panel's width and covered the charge labels of the sub-tracks at its edge).
    /// </summary>
    public static bool NeedsOverview(PictureFrame frame) => frame.View is not null || frame.DetachedInFrame < frame.DetachedClusters;

    /// <summary>"electron, 10 MeV - TrackE0010000_..."</summary>
    public static string Title(string particle, double energyKev, string trackName) =>
        $"{ImagePaths.ParticleLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)}  -  {trackName}";
}
