using System.Buffers;
using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// XY / XZ / YZ projections of the raw deposits.
public sealed partial class TrackRenderer
{
    // ---------------------------------------------------------------- projections

    public enum Plane { XY, XZ, YZ }

    /// <param name="frameLabel">What the frame shows ("main cluster", "6 mm V at the vertex found from the charge"), under the first projection's title.</param>
    /// <param name="shared">The deposits' coordinates in the cube and the cube test, computed once for the three planes.</param>
    private void DrawProjection(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, in ProjectionCoordinates shared, Plane plane, (double Cx, double Cy, double Cz, double Side) cube, ChargeScale scale, float ui,
        LengthUnit unit, string? frameLabel = null, Vec3? vertex = null, VArms? arms = null)
    {
        string title = plane switch { Plane.XY => "XY projection (raw)", Plane.XZ => "XZ projection (raw)", _ => "YZ projection (raw)" };
        title += frameLabel is null ? "" : ": " + frameLabel;
        DrawText(canvas, title, rect.MidX, rect.Top + 16 * ui, 13 * ui, Ink, SKTextAlign.Center, rect.Width - 8);
        float left = 58 * ui, bottom = 44 * ui, topPad = 24 * ui;
        float size = Math.Min(rect.Width - left - 16 * ui, rect.Height - bottom - topPad);
        var plot = new SKRect(rect.Left + left + (rect.Width - left - 16 * ui - size) / 2, rect.Top + topPad, 0, rect.Top + topPad + size);
        plot.Right = plot.Left + size;
        double h = cube.Side / 2;
        (double c0, double c1, string la, string lb) = plane switch
        {
            Plane.XY => (cube.Cx, cube.Cy, $"x ({unit.Name})", $"y ({unit.Name})"),
            Plane.XZ => (cube.Cx, cube.Cz, $"x ({unit.Name})", $"z ({unit.Name})"),
            _ => (cube.Cy, cube.Cz, $"y ({unit.Name})", $"z ({unit.Name})"),
        };
        double a0 = c0 - h, b0 = c1 - h;
        float k = (float)(size / cube.Side);
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        using var fill = new SKPaint { Color = new SKColor(0xFA, 0xFA, 0xFA) };
        canvas.DrawRect(plot, fill);
        double[] at = AxisTicks.TicksIn(a0, a0 + cube.Side, 4, unit.PerMm), bt = AxisTicks.TicksIn(b0, b0 + cube.Side, 4, unit.PerMm);
        double astep = at.Length > 1 ? at[1] - at[0] : 1, bstep = bt.Length > 1 ? bt[1] - bt[0] : 1;
        float fs = 11 * ui, maxW = 0;
        // Grid lines, then tick marks, each kind in one call (HairlineBatch), then the labels: a grid line and its tick
        // meet at the plot's edge, drawn in this order as before; labels are clear of both.
        using (var lines = new HairlineBatch(canvas, grid))
            foreach (var v in at)
            {
                float x = plot.Left + (float)(v - a0) * k;
                lines.Line(x, plot.Top, x, plot.Bottom);
            }
        using (var marks = new HairlineBatch(canvas, frame))
            foreach (var v in at)
            {
                float x = plot.Left + (float)(v - a0) * k;
                marks.Line(x, plot.Bottom, x, plot.Bottom + 4 * ui);
            }
        foreach (var v in at)
        {
            float x = plot.Left + (float)(v - a0) * k;
            // The left-most label would collide with the lowest vertical-axis label at the corner.
            if (x - plot.Left < 2.5f * fs && bt.Length > 0 && plot.Bottom - (float)(bt[0] - b0) * k > plot.Bottom - 1.2f * fs) continue;
            DrawText(canvas, AxisTicks.Format(v * unit.PerMm, astep * unit.PerMm), x, plot.Bottom + 6 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        using (var lines = new HairlineBatch(canvas, grid))
            foreach (var v in bt)
            {
                float y = plot.Bottom - (float)(v - b0) * k;
                lines.Line(plot.Left, y, plot.Right, y);
            }
        using (var marks = new HairlineBatch(canvas, frame))
            foreach (var v in bt)
            {
                float y = plot.Bottom - (float)(v - b0) * k;
                marks.Line(plot.Left - 4 * ui, y, plot.Left, y);
            }
        foreach (var v in bt)
        {
            float y = plot.Bottom - (float)(v - b0) * k;
            var text = AxisTicks.Format(v * unit.PerMm, bstep * unit.PerMm);
            maxW = Math.Max(maxW, TextWidth(text, fs));
            DrawText(canvas, text, plot.Left - 6 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Right);
        }
        DrawText(canvas, la, plot.MidX, plot.Bottom + 12 * ui + 2 * fs, 12 * ui, Ink, SKTextAlign.Center);
        if (Typeface is not null)
        {
            DrawVerticalText(canvas, lb, plot.Left - 10 * ui - maxW - 6 * ui, plot.MidY, 12 * ui);
        }
        canvas.Flush();

        bool Shown(Vec3 v) => Math.Abs(v.X - cube.Cx) <= h && Math.Abs(v.Y - cube.Cy) <= h && Math.Abs(v.Z - cube.Cz) <= h;
        SKPoint OnPlot(Vec3 v) => new(plot.Left + (float)((plane == Plane.YZ ? v.Y : v.X) - a0) * k, plot.Bottom - (float)((plane == Plane.XY ? v.Y : v.Z) - b0) * k);

        // Points: horizontal a, vertical b; drawn far to near along the hidden axis (viewer on +z, -y, +x). Placed and sorted
        // before the rings are drawn under them: the rings' pass over the main charge reads the points as placed here.
        int n = scene.Count;
        var order = ArrayPool<int>.Shared.Rent(Math.Max(1, n));
        float[]? negated = null;
        try
        {
            // Horizontal and vertical coordinates from the shared shift (a0, b0 are the cube's lower corner on each axis).
            float[] tx = plane == Plane.YZ ? shared.Y : shared.X, ty = plane == Plane.XY ? shared.Y : shared.Z;
            // Depth key: the hidden coordinate itself (XY: z, YZ: x), or -y for XZ (viewer on -y), the only copy made.
            ReadOnlySpan<float> key = plane switch { Plane.XY => scene.Z, Plane.YZ => scene.X, _ => default };
            if (plane == Plane.XZ)
            {
                negated = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
                ShiftedCoordinates.Scaled(scene.Y, -1, negated);
                key = negated.AsSpan(0, n);
            }
            DepthOrder.Sort(key, order.AsSpan(0, n));
            // The same cube as the 3D panels: charge in front of or behind the frame would clutter the view of the V.
            int shown = shared.KeepInside(order.AsSpan(0, n));
            // The small detached clusters ringed, under the charge (no charge labels here: the three 3D panels carry them).
            DrawDetachedRings(canvas, plot, DetachedMarks(scene, Shown, OnPlot, ui * 0.9f, new DrawnPoints(tx, ty, order, shown, plot.Left, plot.Bottom, k)), ui * 0.9f);
            canvas.Flush();
            var view = new Viewport(k, plot.Left, plot.Bottom);
            Splat(bitmap, plot, scene.ChargeE, scene.Roles, tx, ty, order.AsSpan(0, shown), view, scale, PointRadius(shown, ui * 0.9f, k));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
            if (negated is not null) ArrayPool<float>.Shared.Return(negated);
        }
        // The V's arms over the charge they follow (under it they were hidden where they were right).
        if (vertex is { } v0 && arms is { } vArms && (Shown(v0) || Shown(vArms.ApexMm))) DrawArms(canvas, plot, vArms, ArmLengthFraction * cube.Side, OnPlot, ui);
        // Truth over the charge (a brem vertex lies on the track: under it, it was never seen), under the vertex +.
        if (scene.Truth is { } truth)
        {
            SKPoint P(Vec3 v)
            {
                double pa = plane == Plane.YZ ? v.Y : v.X, pb = plane == Plane.XY ? v.Y : v.Z;
                return new SKPoint(plot.Left + (float)(pa - a0) * k, plot.Bottom - (float)(pb - b0) * k);
            }
            canvas.Save();
            canvas.ClipRect(plot);
            DrawMarkers(canvas, truth, P, Shown, ui * 0.85f);
            if (truth.Direction.Length > 0 && Shown(truth.OriginMm)) DrawArrow(canvas, P(truth.OriginMm), P(truth.OriginMm + 0.3 * cube.Side * truth.Direction), ui * 0.85f);
            canvas.Restore();
        }
        if (vertex is { } apex && Shown(apex)) VertexMarker(canvas, OnPlot(apex), ui);
        canvas.DrawRect(plot, frame);
    }
}
