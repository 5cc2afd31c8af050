using TrackPipeline.Drift;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Numerics;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Breaker 5 #5: the picture of a track whose deposits hold no electron said "drift not run (--readout none)" and
/// "readout not run" although both ran (GAMPixG, 0 clumps, 0 triggered), framed 50 um around (0, 0, 0) (where the truth
/// origin is) and marked a detached cluster in a track without charge. A copy of a sample track with every num_e 0.
/// </summary>
public sealed class NoChargePictureTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-nocharge-pic-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The first 1 MeV electron of the sample, its deposits where they are, every electron count 0, no pickle.</summary>
    private Track NoChargeTrack()
    {
        var from = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var arrays = NpzReader.ReadAll(from);
        var zeros = new NdArray(NdElementType.Int64, [arrays["num_e"].Length], new long[arrays["num_e"].Length]);
        var npz = Path.Combine(folder, "TrackE0001000_D20250527_T0000000001.npz");
        AtomicFile.Write(npz, s => NpzWriter.Write(s, [new("r", arrays["r"]), new("num_e", zeros)]));
        return TrackReader.Read(DatasetDiscovery.RawTrack(Path.Combine(_work, "in"), npz, null));
    }

    [SharedDataFact]
    public void The_picture_of_a_track_without_charge_says_what_drift_and_readout_did_and_marks_no_cluster()
    {
        var track = NoChargeTrack();
        Assert.True(track.Deposits.Count > 100);
        Assert.Equal(0, track.Deposits.TotalElectrons());
        var detector = DriftFixtures.Load("GAMPixG");
        var drifted = new DriftStage(detector.Medium, detector.Drift, detector.Readout.AnodeGeometry, 1)
            .Apply(track.Deposits, TrackRandom.For(1, track.RandomKey, ChargeDrift.RandomStream));
        var readout = new ReadoutStage(detector.Readout, 1).Read(drifted, track.RandomKey);
        var options = Shipped.Images;

        var sheet = TrackSheets.Build(track, drifted, readout, detector.Readout, FramingEvidence.None, Shipped.Topology, options);

        // Both stages ran and found nothing: the empty panels say so, not "not run".
        Assert.Equal(0, sheet.Drifted!.Count);
        Assert.Equal(0, sheet.Readout!.Count);
        Assert.Equal(TrackSheets.NoChargeDrifted, sheet.DriftedEmpty);
        Assert.Equal(TrackSheets.NoPixelTriggered, sheet.ReadoutEmpty);
        // No charge, no cluster: no detached-cluster marker, no point drawn as detached.
        Assert.Empty(sheet.Raw.Detached ?? []);
        Assert.All(sheet.Raw.Roles ?? [], r => Assert.Equal(ChargeRole.Main, r));
        // The frame holds every deposit (it was 50 um around (0, 0, 0)), from the data only: there is no truth to read.
        Assert.Null(track.Truth);
        var frame = sheet.Frame!;
        double h = frame.SideMm / 2 + 1e-6;
        for (int i = 0; i < track.Deposits.Count; i += 97)
        {
            var p = 1000 * new Vec3(track.Deposits.X[i], track.Deposits.Y[i], track.Deposits.Z[i]);
            Assert.True(Math.Abs(p.X - frame.CentreMm.X) <= h && Math.Abs(p.Y - frame.CentreMm.Y) <= h && Math.Abs(p.Z - frame.CentreMm.Z) <= h,
                $"deposit {i} at {p} mm lies outside the {frame.SideMm} mm frame on the {frame.Subject} centred at {frame.CentreMm}");
        }
        Assert.Contains("none holds charge", frame.Subject);
        using var bitmap = TrackRenderer.Create(options.ResolvedColormap).RenderSheet(sheet, 600, 450);   // and it draws

        // A sheet of a run without drift or readout still says "not run".
        var bare = TrackSheets.Build(track, null, null, null, FramingEvidence.None, Shipped.Topology, options);
        Assert.Equal(TrackSheets.DriftNotRun, bare.DriftedEmpty);
        Assert.Equal(TrackSheets.ReadoutNotRun, bare.ReadoutEmpty);
    }

    /// <summary>breaker16: a track of 0 points was captioned "panels: 50 um frame on the main cluster"; it says there is no charge.</summary>
    [Fact]
    public void The_picture_of_a_track_without_deposits_says_there_is_no_charge()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npz = Path.Combine(folder, "TrackE0001000_D20250527_T0000000002.npz");
        AtomicFile.Write(npz, s => NpzWriter.Write(s, [new("r", new NdArray(NdElementType.Float64, [3, 0], Array.Empty<double>())),
            new("num_e", new NdArray(NdElementType.Int64, [0], Array.Empty<long>()))]));
        var track = TrackReader.Read(DatasetDiscovery.RawTrack(Path.Combine(_work, "in"), npz, null));
        Assert.Equal(0, track.Deposits.Count);

        var sheet = TrackSheets.Build(track, null, null, null, FramingEvidence.None, Shipped.Topology, Shipped.Images);

        Assert.Contains(TrackSheets.NoDeposits, sheet.Subtitles);
        Assert.DoesNotContain(sheet.Subtitles, line => line.Contains("main cluster", StringComparison.Ordinal));
    }
}
