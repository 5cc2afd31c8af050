using SkiaSharp;

namespace TrackPipeline.Rendering;

// The colour bar labelled "Charge (e-)".
public sealed partial class TrackRenderer
{
    // ---------------------------------------------------------------- colour bar

    private void DrawColorBar(SKBitmap bitmap, SKCanvas canvas, SKRect bar, ChargeScale scale, float ui, string? title = null)
    {
        if (!ColorBarFill.TryFill(bitmap, canvas, bar, Colormap))
        {
            using var paint = new SKPaint { IsAntialias = false };
            float w = bar.Width / Colormap.Size;
            for (int i = 0; i < Colormap.Size; i++)
            {
                paint.Color = Colormap.ColorAt(i);
                canvas.DrawRect(bar.Left + i * w, bar.Top, w + 0.6f, bar.Height, paint);
            }
        }
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        canvas.DrawRect(bar, frame);
        float fs = 10.5f * ui;
        var ticks = scale.Ticks();
        using (var marks = new HairlineBatch(canvas, frame))
            foreach (var (value, _) in ticks)
            {
                float x = bar.Left + bar.Width * Math.Clamp(scale.Normalize((float)value), 0, 1);
                marks.Line(x, bar.Bottom, x, bar.Bottom + 4 * ui);
            }
        foreach (var (value, label) in ticks)
        {
            float x = bar.Left + bar.Width * Math.Clamp(scale.Normalize((float)value), 0, 1);
            DrawText(canvas, label, x, bar.Bottom + 5 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        // 2 ui higher than the tick labels' band would put it: at bar.Bottom + 10 ui + 2 fs, 3 ui above the 3D panel's
        // bottom, the descenders of "log scale" (~2.6 ui) touched the edge of every 400 px thumbnail (breaker13 item 5).
        DrawText(canvas, title ?? (scale.Log ? "Charge (e-), log scale" : "Charge (e-)"), bar.MidX, bar.Bottom + 8 * ui + 2 * fs, 12 * ui, Ink, SKTextAlign.Center);
    }
}
