using System.Globalization;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>Builds the <see cref="TrackSheet"/> of a track from what the stages left: deposits, drifted charge, readout samples.</summary>
public static class TrackSheets
{
    /// <param name="pairZoomMm">Side of the projections' cube around the first truth pair vertex (0: no zoom).</param>
    public static TrackSheet Build(Track track, DriftedCharge? drifted, ReadoutResult? readout, ReadoutSettings? readoutSettings,
        IReadOnlyList<string>? extraLines = null, double pairZoomMm = 0)
    {
        var c = CultureInfo.InvariantCulture;
        var raw = TrackScene.FromTrack(track, $"raw deposits ({track.Deposits.Count.ToString("N0", c)} points)");
        TrackScene? drift = drifted is null ? null
            : TrackScene.FromDrifted(drifted, $"drifted to the anode ({drifted.Count.ToString("N0", c)} clumps)");
        TrackScene? read = null;
        if (readout?.Pixels is { } pixels && readoutSettings?.Fine is { } fine)
            read = TrackScene.FromReadout(pixels, fine.PitchM, fine.SamplingPitchM,
                $"{readout.ReadoutName} pixels, {1e6 * fine.PitchM:0} um ({pixels.Count.ToString("N0", c)} triggered)");
        var lines = new List<string>
        {
            $"stages: raw | drifted{(drifted is null ? " (off)" : "")} | readout{(read is null ? " (off)" : " " + readout!.ReadoutName)}"
            + $"   -   {track.Deposits.TotalElectrons().ToString("N0", c)} e- deposited, first interaction: {track.Truth?.FirstInteraction ?? "no truth"}",
        };
        if (extraLines is not null) lines.AddRange(extraLines);
        return new TrackSheet
        {
            Title = Title(track.Source.Particle, track.Truth is { TrackEnergyKev: > 0 } t ? t.TrackEnergyKev : track.Source.EnergyKev, track.Name),
            Subtitles = lines,
            Raw = raw,
            Drifted = drift,
            Readout = read,
            Zoom = pairZoomMm > 0 && track.Truth is { Pair.Count: > 0 }
                ? new ProjectionZoom(1000 * track.Truth.Pair.Positions[0], pairZoomMm, $"{pairZoomMm:0} mm around the pair vertex")
                : null,
        };
    }

    /// <summary>"electron, 10 MeV - TrackE0010000_..."</summary>
    public static string Title(string particle, double energyKev, string trackName) =>
        $"{ImagePaths.ParticleLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)}  -  {trackName}";
}
