using System.Diagnostics;
using SkiaSharp;
using TrackPipeline.Config;
using TrackPipeline.Rendering;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Do the two hand-written replacements of Skia calls pay for themselves (mode <c>hand-vs-skia OUT [rounds] [reps]</c>,
/// OUT the output of an <c>--images all</c> run)? Round 9 shipped <see cref="BilinearFit"/> (kept thumbnails fitted into the
/// gallery's sheets) and <see cref="ColorBarFill"/> (a colour bar's 256 steps) without a run resolving what they save.
/// Here each is timed against the Skia call it replaced, on the run's real thumbnails and at the real pictures' geometry,
/// one core, in alternated blocks (hand, Skia, hand, Skia, ...) so drifting load hits both alike; CPU seconds of the
/// process per block. docs/benchmarks/rendering.md, Round 10. Round 11 added <see cref="PngDecoder"/> (the gallery's reader
/// of those thumbnails) against Skia's <c>SKBitmap.Decode</c> on the same files, held in memory.
/// </summary>
internal static class HandDrawnVsSkia
{
    public static int Run(string output, int rounds, int reps, TextWriter log)
    {
        var thumbnails = Directory.EnumerateFiles(Path.Combine(output, "images"), "*.png", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "thumbnails").Order(StringComparer.Ordinal)
            .Select(f => SKBitmap.Decode(f)).ToList();
        if (thumbnails.Count == 0) { log.WriteLine($"no thumbnails under {output}/images: run --images all into it first"); return 1; }
        var options = ShippedSettings.Load<RenderOptions>(RenderOptions.Section);
        var colormap = options.ResolvedColormap;
        int w = options.Width, h = options.Height;

        // The gallery's two fits: a contact-sheet cell (a third of the picture width, under a two-line caption) and a
        // comparison panel (half the width, ~1:1), into sheets of the gallery's sizes.
        int cellW = w / 3, cellH = (int)(cellW * 0.95);
        using var contact = TrackRenderer.NewBitmap(cellW * 3, 48 + cellH);
        using var comparison = TrackRenderer.NewBitmap(w, 48 + (int)(w / 2 * TrackRenderer.ThumbnailAspect) + 90);
        var fits = new (SKBitmap Sheet, SKRect Body)[]
        {
            (contact, new SKRect(cellW, 48 + 40, 2 * cellW, 48 + cellH)),
            (comparison, new SKRect(w / 2f, 48 + 60, w, comparison.Height)),
        };
        // The colour bars: the three 3D panels of a full picture (a third of its width, ui = 1) and a thumbnail's one
        // (ui = CaptionScale of the thumbnail), placed as DrawPanel3D places them.
        using var picture = TrackRenderer.NewBitmap(w, h);
        int thumbW = (int)(w * TrackRenderer.ThumbnailWidthFraction);
        float thumbUi = Math.Clamp(Math.Min(thumbW / 400f, thumbW * TrackRenderer.ThumbnailAspect / 330f), 0.55f, 2.5f);
        var bars = new List<SKRect>();
        for (int i = 0; i < 3; i++) bars.Add(Bar(new SKRect(i * w / 3f, 80, (i + 1) * w / 3f, 0.58f * h), 1f));
        bars.Add(Bar(new SKRect(0, 40 * thumbUi, thumbW, thumbW * TrackRenderer.ThumbnailAspect), thumbUi));

        log.WriteLine($"{thumbnails.Count} thumbnails ({thumbnails[0].Width} x {thumbnails[0].Height}) fitted into {fits.Length} sheet cells, x{reps} per block; " +
            $"{bars.Count} colour bars ({string.Join(", ", bars.Select(b => $"{b.Width:F0} x {b.Height:F0}"))}) per picture, x{reps * thumbnails.Count} per block; " +
            $"{rounds} rounds; load {File.ReadAllText("/proc/loadavg").Trim()}");
        // The thumbnails' files, read into memory once: the decode blocks time the decoding, not the disk.
        var files = Directory.EnumerateFiles(Path.Combine(output, "images"), "*.png", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "thumbnails").Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToList();
        var cases = new (string Name, Action Block)[]
        {
            ("fit: BilinearFit", () => Fit(hand: true)),
            ("fit: Skia DrawImage(Linear)", () => Fit(hand: false)),
            ("bars: ColorBarFill", () => Bars(hand: true)),
            ("bars: Skia 256 DrawRect", () => Bars(hand: false)),
            ("decode: PngDecoder", () => Decode(hand: true)),
            ("decode: SKBitmap.Decode", () => Decode(hand: false)),
        };
        foreach (var (_, block) in cases) block();   // warm: JIT, Skia's pipelines
        var cpu = cases.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < rounds; r++)
            for (int c = 0; c < cases.Length; c++)
            {
                // Alternate the order within each pair every round, so neither always runs first.
                int k = r % 2 == 0 ? c : c ^ 1;
                var t0 = Cpu();
                cases[k].Block();
                cpu[k].Add(Cpu() - t0);
            }
        for (int c = 0; c < cases.Length; c++)
        {
            var s = cpu[c].Order().ToList();
            log.WriteLine($"{cases[c].Name,-30} CPU-s per block: median {s[s.Count / 2]:F3}, min {s[0]:F3}, max {s[^1]:F3}  [{string.Join(" ", cpu[c].Select(x => x.ToString("F3")))}]");
        }
        log.WriteLine($"load after {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var t in thumbnails) t.Dispose();
        return 0;

        void Fit(bool hand)
        {
            for (int rep = 0; rep < reps; rep++)
                foreach (var (sheet, body) in fits)
                {
                    using var canvas = new SKCanvas(sheet);
                    foreach (var thumbnail in thumbnails)
                    {
                        if (hand) TrackRenderer.DrawFitted(sheet, canvas, thumbnail, body);
                        else SkiaFit(canvas, thumbnail, body);
                    }
                }
        }

        void Decode(bool hand)
        {
            for (int rep = 0; rep < reps; rep++)
                foreach (var file in files)
                {
                    using var decoded = hand ? PngDecoder.TryDecodeRgb(file) : SKBitmap.Decode(file);
                    if (decoded is null) throw new InvalidOperationException("a thumbnail did not decode");
                }
        }

        void Bars(bool hand)
        {
            using var canvas = new SKCanvas(picture);
            using var paint = new SKPaint { IsAntialias = false };
            for (int rep = 0; rep < reps * thumbnails.Count; rep++)
                foreach (var bar in bars)
                {
                    if (hand) ColorBarFill.TryFill(picture, canvas, bar, colormap);
                    else
                    {
                        // Round 8's DrawColorBar: one non-anti-aliased rect per colour step.
                        float step = bar.Width / Colormap.Size;
                        for (int i = 0; i < Colormap.Size; i++)
                        {
                            paint.Color = colormap.ColorAt(i);
                            canvas.DrawRect(bar.Left + i * step, bar.Top, step + 0.6f, bar.Height, paint);
                        }
                    }
                }
        }
    }

    /// <summary>Round 8's DrawFitted: the thumbnail as an image, drawn through Skia's bilinear shader into the fitted rect.</summary>
    private static void SkiaFit(SKCanvas canvas, SKBitmap thumbnail, SKRect body)
    {
        float scale = Math.Min(body.Width / thumbnail.Width, body.Height / thumbnail.Height);
        float fw = thumbnail.Width * scale, fh = thumbnail.Height * scale;
        using var image = SKImage.FromBitmap(thumbnail);
        canvas.DrawImage(image, SKRect.Create(body.MidX - fw / 2, body.Top, fw, fh), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
    }

    /// <summary>The colour bar's rect in a 3D panel <paramref name="rect"/>, as DrawPanel3D places it.</summary>
    private static SKRect Bar(SKRect rect, float ui)
    {
        float barH = 50 * ui;
        return new SKRect(rect.MidX - 0.32f * rect.Width, rect.Bottom - barH + 6 * ui, rect.MidX + 0.32f * rect.Width, rect.Bottom - barH + 16 * ui);
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
