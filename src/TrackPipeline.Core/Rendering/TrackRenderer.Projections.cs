using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// XY / XZ / YZ projections of the raw deposits.
public sealed partial class TrackRenderer
{
    // ---------------------------------------------------------------- projections

    public enum Plane { XY, XZ, YZ }

    private void DrawProjection(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, Plane plane, (double Cx, double Cy, double Cz, double Side) cube, ChargeScale scale, float ui, string? zoomLabel = null)
    {
        string title = (plane switch { Plane.XY => "XY projection (raw)", Plane.XZ => "XZ projection (raw)", _ => "YZ projection (raw)" })
            + (zoomLabel is null ? "" : ", " + zoomLabel);
        DrawText(canvas, title, rect.MidX, rect.Top + 16 * ui, 13 * ui, Ink, SKTextAlign.Center);
        float left = 58 * ui, bottom = 44 * ui, topPad = 24 * ui;
        float size = Math.Min(rect.Width - left - 16 * ui, rect.Height - bottom - topPad);
        var plot = new SKRect(rect.Left + left + (rect.Width - left - 16 * ui - size) / 2, rect.Top + topPad, 0, rect.Top + topPad + size);
        plot.Right = plot.Left + size;
        double h = cube.Side / 2;
        (double c0, double c1, string la, string lb) = plane switch
        {
            Plane.XY => (cube.Cx, cube.Cy, "x (mm)", "y (mm)"),
            Plane.XZ => (cube.Cx, cube.Cz, "x (mm)", "z (mm)"),
            _ => (cube.Cy, cube.Cz, "y (mm)", "z (mm)"),
        };
        double a0 = c0 - h, b0 = c1 - h;
        float k = (float)(size / cube.Side);
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        using var fill = new SKPaint { Color = new SKColor(0xFA, 0xFA, 0xFA) };
        canvas.DrawRect(plot, fill);
        double[] at = AxisTicks.Ticks(a0, a0 + cube.Side, 4), bt = AxisTicks.Ticks(b0, b0 + cube.Side, 4);
        double astep = at.Length > 1 ? at[1] - at[0] : 1, bstep = bt.Length > 1 ? bt[1] - bt[0] : 1;
        float fs = 11 * ui, maxW = 0;
        foreach (var v in at)
        {
            float x = plot.Left + (float)(v - a0) * k;
            canvas.DrawLine(x, plot.Top, x, plot.Bottom, grid);
            canvas.DrawLine(x, plot.Bottom, x, plot.Bottom + 4 * ui, frame);
            DrawText(canvas, AxisTicks.Format(v, astep), x, plot.Bottom + 6 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        foreach (var v in bt)
        {
            float y = plot.Bottom - (float)(v - b0) * k;
            canvas.DrawLine(plot.Left, y, plot.Right, y, grid);
            canvas.DrawLine(plot.Left - 4 * ui, y, plot.Left, y, frame);
            var text = AxisTicks.Format(v, bstep);
            maxW = Math.Max(maxW, TextWidth(text, fs));
            DrawText(canvas, text, plot.Left - 6 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Right);
        }
        DrawText(canvas, la, plot.MidX, plot.Bottom + 12 * ui + 2 * fs, 12 * ui, Ink, SKTextAlign.Center);
        if (Typeface is not null)
        {
            canvas.Save();
            canvas.Translate(plot.Left - 10 * ui - maxW - 6 * ui, plot.MidY);
            canvas.RotateDegrees(-90);
            DrawText(canvas, lb, 0, 0, 12 * ui, Ink, SKTextAlign.Center);
            canvas.Restore();
        }
        canvas.Flush();

        // Points: horizontal a, vertical b; drawn far to near along the hidden axis (viewer on +z, -y, +x).
        int n = scene.Count;
        using var buffers = PointBuffers.Rent(n);
        var (tx, ty, key, order) = (buffers.X, buffers.Y, buffers.Key, buffers.Order);
        {
            ReadOnlySpan<float> a = plane == Plane.YZ ? scene.Y : scene.X;
            ReadOnlySpan<float> b = plane == Plane.XY ? scene.Y : scene.Z;
            ReadOnlySpan<float> hidden = plane switch { Plane.XY => scene.Z, Plane.XZ => scene.Y, _ => scene.X };
            float sign = plane == Plane.XZ ? -1 : 1;
            for (int i = 0; i < n; i++)
            {
                tx[i] = (float)(a[i] - a0);
                ty[i] = (float)(b[i] - b0);
                key[i] = sign * hidden[i];
            }
            DepthOrder.Sort(key.AsSpan(0, n), order.AsSpan(0, n));
            var view = new Viewport(k, plot.Left, plot.Bottom);
            Splat(bitmap, plot, scene.ChargeE, tx, ty, order.AsSpan(0, n), view, scale, PointRadius(n, ui) * 0.9f);
        }
        if (scene.Truth is { } truth)
        {
            SKPoint P(Vec3 v)
            {
                double pa = plane == Plane.YZ ? v.Y : v.X, pb = plane == Plane.XY ? v.Y : v.Z;
                return new SKPoint(plot.Left + (float)(pa - a0) * k, plot.Bottom - (float)(pb - b0) * k);
            }
            canvas.Save();
            canvas.ClipRect(plot);
            DrawMarkers(canvas, truth, P, ui * 0.85f);
            if (truth.Direction.Length > 0) DrawArrow(canvas, P(truth.OriginMm), P(truth.OriginMm + 0.3 * cube.Side * truth.Direction), ui * 0.85f);
            canvas.Restore();
        }
        canvas.DrawRect(plot, frame);
    }
}
