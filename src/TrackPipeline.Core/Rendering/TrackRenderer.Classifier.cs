using System.Globalization;
using SkiaSharp;
using TrackPipeline.Classification;

namespace TrackPipeline.Rendering;

// The classifier's run plots: confusion matrix and efficiency vs energy, text sized for a slide (1600 x 900).
public sealed partial class TrackRenderer
{
    /// <summary>One colour per class, in <see cref="QuestCategory.All"/> order (matplotlib's tab10, distinct on a projector).</summary>
    private static readonly SKColor[] ClassColors =
    [
        new(0x1F, 0x77, 0xB4), new(0xFF, 0x7F, 0x0E), new(0x2C, 0xA0, 0x2C), new(0xD6, 0x27, 0x28),
        new(0x94, 0x67, 0xBD), new(0x8C, 0x56, 0x4B), new(0x7F, 0x7F, 0x7F),
    ];
    /// <summary>The full-row-fraction end of the confusion matrix's white-to-blue scale (matplotlib's "Blues").</summary>
    private static readonly SKColor MatrixFull = new(0x08, 0x30, 0x6B);

    /// <summary>Scale of text and lines: 1.4 at a 1600 x 900 slide.</summary>
    private static float PlotScale(SKRect rect) => Math.Clamp(Math.Min(rect.Width / 1600f, rect.Height / 830f) * 1.4f, 0.6f, 3f);

    /// <summary>An explicit panel in place of a plot that has nothing to show, saying why.</summary>
    public void DrawNoTruthPanel(SKCanvas canvas, SKRect rect, string message)
    {
        float ui = PlotScale(rect);
        DrawEmptyPanel(canvas, rect, "", "", ui);
        // Large enough to read from the back of the room: the slide says why it is empty.
        DrawText(canvas, message, rect.MidX, rect.MidY, 20 * ui, Muted, SKTextAlign.Center, rect.Width - 80 * ui);
    }

    public void DrawConfusionMatrix(SKCanvas canvas, SKRect rect, ConfusionMatrixPlot plot)
    {
        float ui = PlotScale(rect);
        int n = plot.Classes.Count;
        var rowLabels = Enumerable.Range(0, n)
            .Select(t => $"{ConfusionMatrixPlot.Label(plot.Classes[t])} ({plot.RowTotal(t).ToString(CultureInfo.InvariantCulture)})").ToList();
        float labelFs = 15 * ui, countFs = 19 * ui;
        float left = 30 * ui + rowLabels.Max(l => TextWidth(l, labelFs)) + 10 * ui;
        float top = rect.Top + 12 * ui, bottom = rect.Bottom - 72 * ui;
        float barSpace = 150 * ui;
        float cell = Math.Min((bottom - top) / n, (rect.Width - left - barSpace - 20 * ui) / n);
        // Row labels, matrix and colour bar centred together.
        float x0 = rect.Left + left + Math.Max(0, (rect.Width - left - barSpace - cell * n) / 2);
        var grid = new SKRect(x0, top, x0 + cell * n, top + cell * n);

        using var fill = new SKPaint { IsAntialias = false };
        using var edge = new SKPaint { Color = PaneEdge, IsStroke = true, StrokeWidth = 1 };
        using var diagonal = new SKPaint { Color = Ink, IsStroke = true, StrokeWidth = 2 * ui, IsAntialias = true };
        for (int t = 0; t < n; t++)
        {
            long total = plot.RowTotal(t);
            float y = grid.Top + t * cell;
            // Row label: class and its number of true tracks; muted when the truth has none of it.
            DrawText(canvas, rowLabels[t], grid.Left - 10 * ui, y + cell / 2 + labelFs * 0.35f, labelFs, total > 0 ? Ink : Muted, SKTextAlign.Right);
            for (int p = 0; p < n; p++)
            {
                var r = new SKRect(grid.Left + p * cell, y, grid.Left + (p + 1) * cell, y + cell);
                long count = plot.Counts[t, p];
                double fraction = total > 0 ? count / (double)total : 0;
                fill.Color = total > 0 ? MatrixColor(fraction) : PaneFill;
                canvas.DrawRect(r, fill);
                canvas.DrawRect(r, edge);
                if (total == 0) continue;
                // White on the dark cells, ink on the pale ones.
                var text = fraction > 0.5 ? SKColors.White : Ink;
                if (count == 0) text = GridLine;
                DrawText(canvas, count.ToString(CultureInfo.InvariantCulture), r.MidX, r.MidY + (count > 0 ? 0 : countFs * 0.35f), countFs, text, SKTextAlign.Center);
                if (count > 0)
                    DrawText(canvas, $"{100 * fraction:0}%", r.MidX, r.MidY + countFs * 1.05f, 12 * ui, text, SKTextAlign.Center);
            }
        }
        for (int k = 0; k < n; k++)
            canvas.DrawRect(new SKRect(grid.Left + k * cell, grid.Top + k * cell, grid.Left + (k + 1) * cell, grid.Top + (k + 1) * cell), diagonal);

        // Column labels in two lines under the matrix, then the axis titles.
        for (int p = 0; p < n; p++)
        {
            var (a, b) = TwoLines(ConfusionMatrixPlot.Label(plot.Classes[p]));
            float cx = grid.Left + (p + 0.5f) * cell;
            // A little wider than the cell: the longest word ("symmetric") would otherwise shrink below its neighbours.
            DrawText(canvas, a, cx, grid.Bottom + 8 * ui + labelFs, labelFs, Ink, SKTextAlign.Center, cell * 1.15f);
            DrawText(canvas, b, cx, grid.Bottom + 10 * ui + 2 * labelFs, labelFs, Ink, SKTextAlign.Center, cell * 1.15f);
        }
        DrawText(canvas, "predicted class (from the triggered pixels)", grid.MidX, grid.Bottom + 22 * ui + 3 * labelFs, 16 * ui, Ink, SKTextAlign.Center);
        DrawVerticalText(canvas, "true class (tracks with truth)", rect.Left + 16 * ui, grid.MidY, 16 * ui);

        // Colour bar: what the cell colour means.
        var bar = new SKRect(grid.Right + 40 * ui, grid.Top, grid.Right + 62 * ui, grid.Bottom);
        for (int i = 0; i < (int)bar.Height; i++)
        {
            fill.Color = MatrixColor(1 - i / bar.Height);
            canvas.DrawRect(new SKRect(bar.Left, bar.Top + i, bar.Right, bar.Top + i + 1), fill);
        }
        canvas.DrawRect(bar, edge);
        foreach (var f in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            float y = bar.Bottom - (float)f * bar.Height;
            canvas.DrawLine(bar.Right, y, bar.Right + 5 * ui, y, edge);
            DrawText(canvas, $"{100 * f:0}%", bar.Right + 8 * ui, y + 12 * ui * 0.35f, 12 * ui, Ink, SKTextAlign.Left);
        }
        canvas.Save();
        canvas.Translate(bar.Right + 62 * ui, bar.MidY);
        canvas.RotateDegrees(90);
        DrawText(canvas, "fraction of the true class (row)", 0, 0, 14 * ui, Ink, SKTextAlign.Center);
        canvas.Restore();
    }

    private static SKColor MatrixColor(double fraction)
    {
        float f = (float)Math.Clamp(fraction, 0, 1);
        byte L(byte full) => (byte)(255 + (full - 255) * f);
        return new SKColor(L(MatrixFull.Red), L(MatrixFull.Green), L(MatrixFull.Blue));
    }

    /// <summary>"multi site compton" -> ("multi site", "compton"): split at the space nearest the middle.</summary>
    private static (string, string) TwoLines(string label)
    {
        int best = -1;
        for (int i = 0; i < label.Length; i++)
            if (label[i] == ' ' && (best < 0 || Math.Abs(i - label.Length / 2) < Math.Abs(best - label.Length / 2))) best = i;
        return best < 0 ? (label, "") : (label[..best], label[(best + 1)..]);
    }

    public void DrawEfficiency(SKCanvas canvas, SKRect rect, EfficiencyPlot plot)
    {
        float ui = PlotScale(rect);
        var classes = QuestCategory.All.Select((c, k) => (Name: c, Color: ClassColors[k % ClassColors.Length],
                Total: plot.Energies.Sum(e => plot.At(c, e).Total), Correct: plot.Energies.Sum(e => plot.At(c, e).Correct)))
            .Where(c => c.Total > 0).ToList();
        var legend = classes.Select(c => $"{ConfusionMatrixPlot.Label(c.Name)}: {c.Correct}/{c.Total}").ToList();
        float lfs = 15 * ui;
        float legendWidth = 40 * ui + legend.Max(l => TextWidth(l, lfs));
        var area = new SKRect(rect.Left + 80 * ui, rect.Top + 16 * ui, rect.Right - legendWidth - 40 * ui, rect.Bottom - 64 * ui);

        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        // Energy in MeV on a log axis, half a step of margin beyond the first and last energy.
        double eLo = plot.Energies.Min() / 1000.0, eHi = plot.Energies.Max() / 1000.0;
        double x0 = Math.Log10(eLo) - 0.2, x1 = Math.Log10(eHi) + 0.2;
        if (!double.IsFinite(x0) || !double.IsFinite(x1)) return;   // energies are positive here (EfficiencyPlot.Add); never loop on an infinite axis
        float Px(double mev) => area.Left + (float)((Math.Log10(mev) - x0) / (x1 - x0)) * area.Width;
        // Efficiency 0 - 100 %, a little headroom so markers at 100 % are not cut by the frame.
        float Py(double f) => area.Bottom - (float)(f / 1.06) * area.Height;

        float fs = 14 * ui;
        for (int k = 0; k <= 5; k++)
        {
            double f = k / 5.0;
            float y = Py(f);
            canvas.DrawLine(area.Left, y, area.Right, y, grid);
            DrawText(canvas, $"{100 * f:0}%", area.Left - 8 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Right);
        }
        // 1-2-5 ticks per decade: the sample's energies (0.1 ... 50 MeV) fall on them.
        for (int d = (int)Math.Floor(x0); d <= (int)Math.Ceiling(x1); d++)
            foreach (var m in new[] { 1.0, 2.0, 5.0 })
            {
                double v = m * Math.Pow(10, d);
                if (Math.Log10(v) < x0 || Math.Log10(v) > x1) continue;
                float x = Px(v);
                canvas.DrawLine(x, area.Top, x, area.Bottom, grid);
                canvas.DrawLine(x, area.Bottom, x, area.Bottom + 5 * ui, frame);
                DrawText(canvas, v.ToString("0.###", CultureInfo.InvariantCulture), x, area.Bottom + 8 * ui + fs, fs, Ink, SKTextAlign.Center);
            }
        canvas.DrawRect(area, frame);
        DrawText(canvas, "primary energy (MeV), log scale; bars: \u00b11\u03c3 binomial (Wilson)", area.MidX, area.Bottom + 24 * ui + 2 * fs, 16 * ui, Ink, SKTextAlign.Center);
        DrawVerticalText(canvas, "efficiency: true class predicted as itself", rect.Left + 20 * ui, area.MidY, 16 * ui);

        // One line per class with +-1 sigma binomial bars (a handful of tracks per point: 1/1 and 0/1 must not read as
        // certainties); markers side by side so classes at the same efficiency and energy stay visible.
        using var line = new SKPaint { IsAntialias = true, IsStroke = true, StrokeWidth = 2.5f * ui };
        using var bar = new SKPaint { IsAntialias = true, IsStroke = true, StrokeWidth = 1.8f * ui };
        using var marker = new SKPaint { IsAntialias = true };
        using var rim = new SKPaint { IsAntialias = true, IsStroke = true, StrokeWidth = 1.2f * ui, Color = SKColors.White };
        for (int c = 0; c < classes.Count; c++)
        {
            float dodge = (c - (classes.Count - 1) / 2f) * 6f * ui;
            line.Color = bar.Color = marker.Color = classes[c].Color;
            var points = plot.Energies.Select(e => (E: e, Count: plot.At(classes[c].Name, e)))
                .Where(p => p.Count.Total > 0)
                .Select(p => (At: new SKPoint(Px(p.E / 1000.0) + dodge, Py(p.Count.Correct / (double)p.Count.Total)),
                    Interval: EfficiencyPlot.OneSigmaInterval(p.Count.Correct, p.Count.Total))).ToList();
            line.Color = line.Color.WithAlpha(150);
            for (int i = 1; i < points.Count; i++) canvas.DrawLine(points[i - 1].At, points[i].At, line);
            foreach (var (at, (lo, hi)) in points)
            {
                float cap = 4 * ui;
                canvas.DrawLine(at.X, Py(lo), at.X, Py(hi), bar);
                canvas.DrawLine(at.X - cap, Py(lo), at.X + cap, Py(lo), bar);
                canvas.DrawLine(at.X - cap, Py(hi), at.X + cap, Py(hi), bar);
            }
            foreach (var (at, _) in points)
            {
                canvas.DrawCircle(at, 6.5f * ui, marker);
                canvas.DrawCircle(at, 6.5f * ui, rim);
            }
        }

        // Legend right of the frame: class, predicted right / true tracks over all energies.
        float row = 24 * ui;
        var box = new SKRect(area.Right + 20 * ui, area.Top, area.Right + 20 * ui + legendWidth, area.Top + 34 * ui + row * classes.Count);
        using (var border = new SKPaint { Color = PaneEdge, IsStroke = true, StrokeWidth = 1 }) canvas.DrawRect(box, border);
        DrawText(canvas, "true class: predicted right / tracks", box.MidX, box.Top + 18 * ui, 13 * ui, Muted, SKTextAlign.Center, box.Width - 6);
        for (int c = 0; c < classes.Count; c++)
        {
            float y = box.Top + 30 * ui + row * (c + 0.5f);
            line.Color = marker.Color = classes[c].Color;
            canvas.DrawLine(box.Left + 8 * ui, y, box.Left + 30 * ui, y, line);
            canvas.DrawCircle(box.Left + 19 * ui, y, 5.5f * ui, marker);
            DrawText(canvas, legend[c], box.Left + 36 * ui, y + lfs * 0.35f, lfs, Ink, SKTextAlign.Left);
        }
    }
}
