using System.Runtime.InteropServices;
using TrackPipeline.Drift;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The sheet's readout panel gets the 3D box the drifted panel drew (<see cref="BoxStamp"/>) instead of drawing it again:
/// the sheet must come out pixel for pixel as when each panel draws its own. Real tracks of the sample (the first of
/// each electron and photon folder at 20 and 50 MeV: V frames, brem frames, frames on the main cluster), drifted and
/// read out as the run does, drawn at the run's sheet size both ways.
/// </summary>
public sealed class BoxStampTests
{
    [SharedDataFact]
    public void The_readout_panel_with_the_drifted_panels_box_stamped_is_the_sheet_drawn_panel_by_panel()
    {
        var detector = DriftFixtures.Load("GAMPixG");
        var options = Shipped.Images;
        var renderer = TrackRenderer.Create(options.ResolvedColormap);
        int stamped = 0, sheets = 0;
        foreach (var particle in new[] { "electrons", "photons" })
            foreach (var energy in new[] { "E0020000", "E0050000" })
            {
                var folder = Path.Combine(TestData.TracksRoot!, "LAr", particle, energy);
                var npz = Directory.GetFiles(folder, "*.npz").Order(StringComparer.Ordinal).First();
                var track = TrackReader.Read(DatasetDiscovery.RawTrack(TestData.TracksRoot!, npz, null));
                var drifted = new DriftStage(detector.Medium, detector.Drift, detector.Readout.AnodeGeometry, 1)
                    .Apply(track.Deposits, TrackRandom.For(1, track.RandomKey, ChargeDrift.RandomStream));
                var readout = new ReadoutStage(detector.Readout, 1).Read(drifted, track.RandomKey);
                var sheet = TrackSheets.Build(track, drifted, readout, detector.Readout, FramingEvidence.None, Shipped.Topology, options);

                using var each = renderer.RenderSheet(sheet, options.Width, options.Height, shareBox: false, out bool eachStamped);
                using var shared = renderer.RenderSheet(sheet, options.Width, options.Height, shareBox: true, out bool sharedStamped);
                Assert.False(eachStamped);
                sheets++;
                if (sharedStamped) stamped++;
                var a = MemoryMarshal.Cast<byte, uint>(each.GetPixelSpan());
                var b = MemoryMarshal.Cast<byte, uint>(shared.GetPixelSpan());
                int differ = 0, first = -1;
                for (int i = 0; i < a.Length; i++)
                    if (a[i] != b[i]) { differ++; if (first < 0) first = i; }
                Assert.True(differ == 0, $"{track.Name}: {differ} pixels differ, the first at ({first % each.Width}, {first / each.Width})");
            }
        // Not a test that cannot fail: the stamp was used on these sheets (the drifted and readout panels share their
        // frame unless one has a frame of its own).
        Assert.True(stamped > 0, $"the box was stamped on none of the {sheets} sheets");
    }
}
