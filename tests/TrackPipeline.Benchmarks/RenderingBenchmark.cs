using System.Diagnostics;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Stopwatch benchmark of the pictures (mode <c>render</c>): the largest sample track (10 MeV electrons,
/// ~121k points) drawn at 1200x900 (3D raw view + three projections), with and without PNG encoding, and every
/// sample track's full sheet rendered and encoded in parallel. Results in docs/benchmarks/rendering.md.
/// </summary>
internal static class RenderingBenchmark
{
    public static int Run(string tracksRoot, TextWriter output)
    {
        var sources = DatasetDiscovery.Discover(tracksRoot).ToList();
        var tracks = sources.Select(TrackReader.Read).ToList();
        var renderer = TrackRenderer.Create(Colormap.Plasma);
        var largest = tracks.MaxBy(t => t.Deposits.Count)!;
        output.WriteLine($"largest track: {largest.Name}, {largest.Deposits.Count:N0} points; font: {(renderer.Typeface is null ? "none" : renderer.Typeface.FamilyName)}");
        var sheet = TrackSheets.Build(largest, null, null, null, FramingEvidence.None, TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Topology.TopologySettings>("Topology"), TrackPipeline.Config.ShippedSettings.Load<RenderOptions>(RenderOptions.Section));
        // Framing costs one clustering pass over the deposits (the topology stage's VoxelGrid + ConnectedClusters).
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            TrackSheets.Build(largest, null, null, null, FramingEvidence.None, TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Topology.TopologySettings>("Topology"), TrackPipeline.Config.ShippedSettings.Load<RenderOptions>(RenderOptions.Section));
            output.WriteLine($"framing (clusters + frame) of the largest track, rep {rep}: {sw.Elapsed.TotalMilliseconds:F1} ms");
        }
        for (int rep = 0; rep < 5; rep++)
        {
            long alloc = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            using var bitmap = renderer.RenderSheet(sheet, 1200, 900);
            double draw = sw.Elapsed.TotalMilliseconds;
            var png = TrackRenderer.EncodePng(bitmap);
            double total = sw.Elapsed.TotalMilliseconds;
            output.WriteLine($"rep {rep}: draw {draw:F0} ms, draw + PNG encode {total:F0} ms ({png.Length / 1024} kB), {(GC.GetAllocatedBytesForCurrentThread() - alloc) / 1e6:F1} MB allocated");
        }
        // Full sheets as the pipeline draws them: raw, drifted and GAMPixG readout panels (depth 1 cm).
        var chain = DetectorChain.Load("config");
        var (detector, drift, readout) = (chain.Config, chain.Drift, chain.Readout);
        var full = tracks.Select(t =>
        {
            var d = drift.Apply(t.Deposits, TrackPipeline.Numerics.TrackRandom.For(1, t.Name, TrackPipeline.Drift.ChargeDrift.RandomStream));
            return TrackSheets.Build(t, d, readout.Read(d, t.Name), detector.Readout, FramingEvidence.None, TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Topology.TopologySettings>("Topology"), TrackPipeline.Config.ShippedSettings.Load<RenderOptions>(RenderOptions.Section));
        }).ToList();
        var smallest = tracks.MinBy(t => t.Deposits.Count)!;
        TimeSheet($"largest full sheet ({largest.Deposits.Count:N0} points)", full[tracks.IndexOf(largest)]);
        TimeSheet($"smallest full sheet ({smallest.Deposits.Count:N0} points)", full[tracks.IndexOf(smallest)]);

        void TimeSheet(string what, TrackSheet sheet)
        {
            for (int rep = 0; rep < 5; rep++)
            {
                var sw = Stopwatch.StartNew();
                using var bitmap = renderer.RenderSheet(sheet, 1200, 900);
                double draw = sw.Elapsed.TotalMilliseconds;
                var png = TrackRenderer.EncodePng(bitmap);
                output.WriteLine($"{what} rep {rep}: draw {draw:F1} ms, + PNG encode {sw.Elapsed.TotalMilliseconds:F1} ms ({png.Length / 1024} kB)");
            }
            // What the render stage adds for the post-run pictures of a kept track (KeptPictures): its thumbnail and event page.
            for (int rep = 0; rep < 3; rep++)
            {
                var sw = Stopwatch.StartNew();
                using (var thumbnail = renderer.RenderThumbnail(sheet, 600, truth: false)) TrackRenderer.EncodePng(thumbnail);
                double thumb = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                var page = EventDisplay.BuildPage(sheet, "electrons", 0, "bench", 25_000, Colormap.Plasma);
                output.WriteLine($"{what} rep {rep}: thumbnail draw + PNG {thumb:F1} ms, event page {sw.Elapsed.TotalMilliseconds:F1} ms ({page.Length / 1024} kB)");
            }
        }
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            long bytes = 0;
            Parallel.ForEach(full, sheet =>
            {
                using var b = renderer.RenderSheet(sheet, 1200, 900);
                Interlocked.Add(ref bytes, TrackRenderer.EncodePng(b).Length);
            });
            output.WriteLine($"all {full.Count} full sheets in parallel ({Environment.ProcessorCount} cores): {sw.Elapsed.TotalSeconds:F2} s, {bytes / 1e6:F1} MB of PNG");
        }
        for (int rep = 0; rep < 3; rep++)
        {
            var sw = Stopwatch.StartNew();
            long bytes = 0;
            Parallel.ForEach(tracks, t =>
            {
                using var b = renderer.RenderSheet(TrackSheets.Build(t, null, null, null, FramingEvidence.None, TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Topology.TopologySettings>("Topology"), TrackPipeline.Config.ShippedSettings.Load<RenderOptions>(RenderOptions.Section)), 1200, 900);
                Interlocked.Add(ref bytes, TrackRenderer.EncodePng(b).Length);
            });
            output.WriteLine($"all {tracks.Count} tracks in parallel ({Environment.ProcessorCount} cores): {sw.Elapsed.TotalSeconds:F2} s, {bytes / 1e6:F1} MB of PNG");
        }
        return 0;
    }
}
