using System.Diagnostics;
using System.IO.Hashing;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Where the CPU of a track's pictures goes (mode <c>pictures [tracks] [reps]</c>): every sample track drifted and read
/// out once, then, one core, each part the render stage does per track timed apart by process CPU: the sheet's
/// framing and scenes, drawing the full sheet, its thumbnail, PNG encoding of both, the event page. A digest of every
/// pixel drawn and every page byte tells whether a change kept the pictures identical (docs/benchmarks/rendering.md).
/// </summary>
internal static class PictureCostBenchmark
{
    /// <param name="saveTo">When given, the last rep's sheets and thumbnails are written there as PNG, for <see cref="Compare"/>.</param>
    public static int Run(string tracksRoot, int reps, TextWriter output, string? saveTo = null)
    {
        var options = ShippedSettings.Load<RenderOptions>(RenderOptions.Section);
        var topology = ShippedSettings.Load<Topology.TopologySettings>("Topology");
        var chain = DetectorChain.Load("config", depthM: 0.0);
        var (detector, drift, readout) = (chain.Config, chain.Drift, chain.Readout);
        var tracks = DatasetDiscovery.Discover(tracksRoot).Select(TrackReader.Read).ToList();
        var inputs = tracks.Select(t =>
        {
            var d = drift.Apply(t.Deposits, TrackRandom.For(1, t.Name, DriftStage.RandomStream));
            return (Track: t, Drifted: d, Readout: readout.Read(d, t.Name));
        }).ToList();
        var renderer = TrackRenderer.Create(options.ResolvedColormap);
        int thumbWidth = (int)(options.Width * TrackRenderer.ThumbnailWidthFraction);
        output.WriteLine($"{tracks.Count} tracks, {tracks.Sum(t => (long)t.Deposits.Count):N0} deposits, {inputs.Sum(i => (long)i.Drifted.Count):N0} drifted clumps");

        var parts = new[] { "build sheet", "draw sheet", "draw thumbnail", "encode PNGs", "event page" };
        for (int rep = 0; rep < reps; rep++)
        {
            var cpu = new double[parts.Length];
            var digest = new XxHash64();
            long pngBytes = 0, pageBytes = 0;
            foreach (var (track, drifted, read) in inputs)
            {
                var t0 = Cpu();
                var sheet = TrackSheets.Build(track, drifted, read, detector.Readout, FramingEvidence.None, topology, options);
                var t1 = Cpu();
                using var full = renderer.RenderSheet(sheet, options.Width, options.Height);
                var t2 = Cpu();
                using var thumb = renderer.RenderThumbnail(sheet, thumbWidth, options.TruthInThumbnails);
                var t3 = Cpu();
                sheet.Raw.ReleaseProjection();   // as the render stage does once both raw views are drawn
                pngBytes += TrackRenderer.EncodePng(full).Length + TrackRenderer.EncodePng(thumb).Length;
                var t4 = Cpu();
                var page = EventDisplay.BuildPage(sheet, track.Source.Particle, track.Source.EnergyKev, track.Name, options.EventDisplayMaxPoints, options.ResolvedColormap);
                var t5 = Cpu();
                cpu[0] += t1 - t0; cpu[1] += t2 - t1; cpu[2] += t3 - t2; cpu[3] += t4 - t3; cpu[4] += t5 - t4;
                if (saveTo is not null && rep == reps - 1)
                {
                    Directory.CreateDirectory(saveTo);
                    File.WriteAllBytes(Path.Combine(saveTo, track.Name + ".png"), TrackRenderer.EncodePng(full));
                    File.WriteAllBytes(Path.Combine(saveTo, track.Name + ".thumb.png"), TrackRenderer.EncodePng(thumb));
                }
                digest.Append(full.GetPixelSpan());
                digest.Append(thumb.GetPixelSpan());
                digest.Append(System.Text.Encoding.UTF8.GetBytes(page));
                pageBytes += page.Length;
            }
            output.WriteLine($"rep {rep}: " + string.Join(", ", parts.Select((p, i) => $"{p} {cpu[i]:F2}")) +
                $" CPU-s; total {cpu.Sum():F2}; PNG {pngBytes / 1e6:F1} MB, pages {pageBytes / 1e6:F1} MB; digest {digest.GetCurrentHashAsUInt64():x16}");
        }
        return 0;
    }

    /// <summary>How far the pictures of two folders (same names) differ: per picture the largest channel difference and the share of pixels off by more than 8 and 24 levels.</summary>
    public static int Compare(string a, string b, TextWriter output)
    {
        long pixels = 0, over8 = 0, over24 = 0;
        int worst = 0;
        string worstName = "";
        foreach (var fa in Directory.EnumerateFiles(a, "*.png").Where(f => !Path.GetFileName(f).StartsWith("diff-", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var x = SkiaSharp.SKBitmap.Decode(fa);
            using var y = SkiaSharp.SKBitmap.Decode(Path.Combine(b, Path.GetFileName(fa)));
            int pictureWorst = 0;
            long pictureOver8 = 0;
            using var marked = y.Copy();
            for (int row = 0; row < x.Height; row++)
                for (int col = 0; col < x.Width; col++)
                {
                    var p = x.GetPixel(col, row); var q = y.GetPixel(col, row);
                    int d = Math.Max(Math.Abs(p.Red - q.Red), Math.Max(Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue)));
                    if (d > 8) { over8++; pictureOver8++; }
                    if (d > 24) { over24++; marked.SetPixel(col, row, SkiaSharp.SKColors.Lime); }
                    pictureWorst = Math.Max(pictureWorst, d);
                }
            pixels += (long)x.Width * x.Height;
            if (pictureWorst > worst) { worst = pictureWorst; worstName = Path.GetFileName(fa); }
            if (pictureOver8 > 0) File.WriteAllBytes(Path.Combine(b, "diff-" + Path.GetFileName(fa)), TrackRenderer.EncodePng(marked));
            output.WriteLine($"{Path.GetFileName(fa)}: max {pictureWorst}, {pictureOver8} pixels > 8");
        }
        output.WriteLine($"all: {pixels:N0} pixels, {100.0 * over8 / pixels:F4} % off by > 8 levels, {100.0 * over24 / pixels:F4} % by > 24; largest difference {worst} ({worstName})");
        return 0;
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
