using SkiaSharp;

namespace TrackPipeline.Rendering;

// Step histograms for the plots of the run: axes with units, a legend, text sized for a slide.
public sealed partial class TrackRenderer
{
    /// <summary>Log-spaced bins per decade: fine enough to show the shape, coarse enough for a dozen tracks per energy.</summary>
    private const int BinsPerDecade = 8;
    private const int LinearBins = 40;

    public void DrawHistograms(SKCanvas canvas, SKRect rect, string title, string xLabel, string yLabel, IReadOnlyList<HistogramSeries> series, bool logX, bool integer)
    {
        float ui = Math.Clamp(Math.Min(rect.Width / 800f, rect.Height / 700f) * 1.6f, 0.8f, 3f);
        DrawText(canvas, title, rect.MidX, rect.Top + 22 * ui, 17 * ui, Ink, SKTextAlign.Center, rect.Width - 10);
        var plot = new SKRect(rect.Left + 70 * ui, rect.Top + 36 * ui, rect.Right - 16 * ui, rect.Bottom - 56 * ui);
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };

        // Bin edges common to every series of the panel.
        var all = series.SelectMany(s => s.Values).Where(v => double.IsFinite(v) && (!logX || v > 0)).ToList();
        int notShown = series.Sum(s => s.Values.Count) - all.Count;
        double lo = all.Count > 0 ? all.Min() : 1, hi = all.Count > 0 ? all.Max() : 10;
        double[] edges;
        if (integer)
        {
            int a = (int)Math.Floor(lo), b = (int)Math.Ceiling(hi);
            int step = Math.Max(1, (b - a + 1 + LinearBins - 1) / LinearBins);
            edges = Enumerable.Range(0, (b - a) / step + 2).Select(k => a - 0.5 + k * step).ToArray();
        }
        else if (logX)
        {
            double d0 = Math.Floor(Math.Log10(lo)), d1 = Math.Ceiling(Math.Log10(hi) + 1e-9);
            if (d1 <= d0) d1 = d0 + 1;
            int n = (int)((d1 - d0) * BinsPerDecade);
            edges = Enumerable.Range(0, n + 1).Select(k => Math.Pow(10, d0 + k / (double)BinsPerDecade)).ToArray();
        }
        else
        {
            if (!(hi > lo)) hi = lo + 1;
            edges = Enumerable.Range(0, LinearBins + 1).Select(k => lo + (hi - lo) * k / LinearBins).ToArray();
        }
        double X(double v) => logX ? Math.Log10(v) : v;
        double x0 = X(edges[0]), x1 = X(edges[^1]);
        var counts = series.Select(s =>
        {
            var c = new int[edges.Length - 1];
            foreach (var v in s.Values)
            {
                if (!double.IsFinite(v) || (logX && v <= 0)) continue;
                int k = Array.BinarySearch(edges, v);
                if (k < 0) k = ~k - 1;
                c[Math.Clamp(k, 0, c.Length - 1)]++;
            }
            return c;
        }).ToList();
        int yMax = Math.Max(1, counts.Count == 0 ? 1 : counts.Max(c => c.Length == 0 ? 0 : c.Max()));
        double yTop = yMax * 1.15;
        float Px(double v) => plot.Left + (float)((X(v) - x0) / (x1 - x0)) * plot.Width;
        float Py(double c) => plot.Bottom - (float)(c / yTop) * plot.Height;

        float fs = 12 * ui;
        // y: counts of tracks.
        double ystep = Math.Max(1, AxisTicks.Step(yTop, 5));
        foreach (var t in AxisTicks.Ticks(0, yTop, 5).Where(t => Math.Abs(t - Math.Round(t)) < 1e-9))
        {
            float y = Py(t);
            canvas.DrawLine(plot.Left, y, plot.Right, y, grid);
            DrawText(canvas, AxisTicks.Format(t, ystep), plot.Left - 6 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Right);
        }
        // x: decades (log) or nice values.
        var xt = logX
            ? Enumerable.Range((int)Math.Ceiling(x0 - 1e-9), (int)(Math.Floor(x1 + 1e-9) - Math.Ceiling(x0 - 1e-9)) + 1).Select(k => Math.Pow(10, k)).ToArray()
            : AxisTicks.Ticks(edges[0], edges[^1], 6).Where(t => !integer || Math.Abs(t - Math.Round(t)) < 1e-9).ToArray();
        double xstep = xt.Length > 1 ? xt[1] - xt[0] : 1;
        foreach (var t in xt)
        {
            float x = Px(t);
            canvas.DrawLine(x, plot.Top, x, plot.Bottom, grid);
            canvas.DrawLine(x, plot.Bottom, x, plot.Bottom + 5 * ui, frame);
            DrawText(canvas, logX ? ChargeScale.Compact(t) : AxisTicks.Format(t, xstep), x, plot.Bottom + 8 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        // Step outlines, one colour per energy, drawn over a light fill so overlapping energies stay readable.
        for (int s = 0; s < series.Count; s++)
        {
            using var path = new SKPathBuilder();
            path.MoveTo(Px(edges[0]), Py(0));
            for (int k = 0; k < counts[s].Length; k++)
            {
                path.LineTo(Px(edges[k]), Py(counts[s][k]));
                path.LineTo(Px(edges[k + 1]), Py(counts[s][k]));
            }
            path.LineTo(Px(edges[^1]), Py(0));
            using var p = path.Detach();
            using var fill = new SKPaint { Color = series[s].Color.WithAlpha(40), IsAntialias = true };
            using var line = new SKPaint { Color = series[s].Color, IsAntialias = true, IsStroke = true, StrokeWidth = 2.2f * ui };
            canvas.DrawPath(p, fill);
            canvas.DrawPath(p, line);
        }
        canvas.DrawRect(plot, frame);
        DrawText(canvas, xLabel + (notShown > 0 ? $"  ({notShown} at zero or missing, not shown)" : ""), plot.MidX, plot.Bottom + 20 * ui + 2 * fs, 14 * ui, Ink, SKTextAlign.Center, plot.Width);
        DrawVerticalText(canvas, yLabel, rect.Left + 18 * ui, plot.MidY, 14 * ui);

        // Legend: energy (tracks), top right inside the frame.
        if (series.Count == 0) return;
        float row = 17 * ui, lfs = 12 * ui;
        float lw = 34 * ui + series.Max(s => TextWidth(s.Label, lfs));
        // On the side with fewer tracks, so the legend does not hide the tallest bins.
        double mid = (x0 + x1) / 2;
        int right = all.Count(v => X(v) > mid);
        bool atRight = right <= all.Count - right;
        float bl = atRight ? plot.Right - lw - 8 * ui : plot.Left + 6 * ui;
        var box = new SKRect(bl, plot.Top + 6 * ui, bl + lw + 2 * ui, plot.Top + 10 * ui + row * series.Count);
        using (var bg = new SKPaint { Color = SKColors.White.WithAlpha(225) }) canvas.DrawRect(box, bg);
        using (var border = new SKPaint { Color = PaneEdge, IsStroke = true, StrokeWidth = 1 }) canvas.DrawRect(box, border);
        for (int s = 0; s < series.Count; s++)
        {
            float y = box.Top + 4 * ui + row * (s + 0.5f);
            using var swatch = new SKPaint { Color = series[s].Color, StrokeWidth = 3 * ui, IsStroke = true };
            canvas.DrawLine(box.Left + 6 * ui, y, box.Left + 24 * ui, y, swatch);
            DrawText(canvas, series[s].Label, box.Left + 30 * ui, y + lfs * 0.35f, lfs, Ink, SKTextAlign.Left);
        }
    }
}
