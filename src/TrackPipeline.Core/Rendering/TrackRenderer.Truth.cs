using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// Truth overlays: origin, initial direction, interaction vertices, legend.
public sealed partial class TrackRenderer
{
    // ---------------------------------------------------------------- truth

    /// <summary>Truth markers (small, outlined, drawn before the charge so they sit under it) and the initial direction.</summary>
    private void DrawTruth(SKCanvas canvas, SKRect clip, TruthMarkers truth, OrthographicCamera cam, Viewport view, float ui)
    {
        SKPoint P(Vec3 v) { var (tx, ty, _) = cam.Project(v.X, v.Y, v.Z); return view.ToScreen(tx, ty); }
        canvas.Save();
        canvas.ClipRect(clip);
        DrawMarkers(canvas, truth, P, v => cam.Contains(v), ui);
        if (truth.Direction.Length > 0 && cam.Contains(truth.OriginMm))
        {
            double len = 0.3 * (cam.X1 - cam.X0);
            DrawArrow(canvas, P(truth.OriginMm), P(truth.OriginMm + len * truth.Direction), ui);
        }
        canvas.Restore();
    }

    /// <summary>Only markers inside the frame; the origin first so a pair vertex at the origin is drawn over its ring, not hidden under it.</summary>
    private static void DrawMarkers(SKCanvas canvas, TruthMarkers truth, Func<Vec3, SKPoint> at, Func<Vec3, bool> shown, float ui)
    {
        if (shown(truth.OriginMm)) Marker(canvas, at(truth.OriginMm), MarkerShape.Ring, OriginColor, ui);
        foreach (var p in truth.BremMm) if (shown(p)) Marker(canvas, at(p), MarkerShape.Diamond, BremColor, ui);
        foreach (var p in truth.ComptonMm) if (shown(p)) Marker(canvas, at(p), MarkerShape.Triangle, ComptonColor, ui);
        foreach (var p in truth.PhotoMm) if (shown(p)) Marker(canvas, at(p), MarkerShape.Square, PhotoColor, ui);
        foreach (var p in truth.PairMm) if (shown(p)) Marker(canvas, at(p), MarkerShape.Cross, PairColor, ui * 1.3f);
    }

    private enum MarkerShape { Ring, Diamond, Triangle, Square, Cross, Arrow, Dot, Plus }

    private static void Marker(SKCanvas canvas, SKPoint p, MarkerShape shape, SKColor color, float ui)
    {
        // Small and hollow: a marker says where, the charge under and around it stays visible.
        float r = 3.6f * ui;
        using var stroke = new SKPaint { Color = color, IsAntialias = true, IsStroke = true, StrokeWidth = 1.3f * ui };
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(160), IsAntialias = true, IsStroke = true, StrokeWidth = 2.6f * ui };
        using var builder = new SKPathBuilder();
        switch (shape)
        {
            case MarkerShape.Ring: builder.AddCircle(p.X, p.Y, r * 1.1f); break;
            case MarkerShape.Dot:
                using (var dot = new SKPaint { Color = color, IsAntialias = true }) canvas.DrawCircle(p, 0.8f * r, dot);
                return;
            case MarkerShape.Diamond: builder.MoveTo(p.X, p.Y - r); builder.LineTo(p.X + r, p.Y); builder.LineTo(p.X, p.Y + r); builder.LineTo(p.X - r, p.Y); builder.Close(); break;
            case MarkerShape.Triangle: builder.MoveTo(p.X, p.Y - r); builder.LineTo(p.X + r, p.Y + 0.8f * r); builder.LineTo(p.X - r, p.Y + 0.8f * r); builder.Close(); break;
            case MarkerShape.Square: builder.AddRect(new SKRect(p.X - 0.8f * r, p.Y - 0.8f * r, p.X + 0.8f * r, p.Y + 0.8f * r)); break;
            case MarkerShape.Cross:
                builder.MoveTo(p.X - r, p.Y - r); builder.LineTo(p.X + r, p.Y + r);
                builder.MoveTo(p.X - r, p.Y + r); builder.LineTo(p.X + r, p.Y - r);
                break;
            case MarkerShape.Plus:
                builder.MoveTo(p.X - r, p.Y); builder.LineTo(p.X + r, p.Y);
                builder.MoveTo(p.X, p.Y - r); builder.LineTo(p.X, p.Y + r);
                break;
            case MarkerShape.Arrow:
                builder.MoveTo(p.X - r, p.Y); builder.LineTo(p.X + r, p.Y);
                builder.MoveTo(p.X + 0.3f * r, p.Y - 0.6f * r); builder.LineTo(p.X + r, p.Y); builder.LineTo(p.X + 0.3f * r, p.Y + 0.6f * r);
                break;
        }
        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, stroke);
    }

    private static void DrawArrow(SKCanvas canvas, SKPoint from, SKPoint to, float ui)
    {
        float dx = to.X - from.X, dy = to.Y - from.Y, len = MathF.Sqrt(dx * dx + dy * dy);
        if (len < 1) return;
        dx /= len; dy /= len;
        float head = 9 * ui;
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(200), IsAntialias = true, IsStroke = true, StrokeWidth = 4.5f * ui, StrokeCap = SKStrokeCap.Round };
        using var paint = new SKPaint { Color = DirectionColor, IsAntialias = true, IsStroke = true, StrokeWidth = 2.2f * ui, StrokeCap = SKStrokeCap.Round };
        using var builder = new SKPathBuilder();
        builder.MoveTo(from); builder.LineTo(to);
        builder.MoveTo(to.X - head * dx + 0.5f * head * dy, to.Y - head * dy - 0.5f * head * dx);
        builder.LineTo(to);
        builder.LineTo(to.X - head * dx - 0.5f * head * dy, to.Y - head * dy + 0.5f * head * dx);
        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, paint);
    }

    private void DrawLegend(SKCanvas canvas, SKPoint at, TruthMarkers truth, ChargeRole[]? roles, float ui) =>
        DrawLegend(canvas, at, LegendEntries(truth, roles, vertex: false), ui);

    /// <summary>
    /// The pair vertex the V frame was built on, found from the charge: a plus drawn over the charge (unlike the truth,
    /// it is part of what the picture is about), so the reader sees where the reconstruction put the apex, right or wrong.
    /// </summary>
    private static void VertexMarker(SKCanvas canvas, SKPoint at, float ui) => Marker(canvas, at, MarkerShape.Plus, Ink, 1.5f * ui);

    /// <summary>
    /// The legend's lines: the frame's vertex, detached charge (when the scene has any), then the truth markers. With
    /// <paramref name="shown"/> (a framed panel), only the markers drawn there, counted "k of n" (k in the frame, n in the
    /// event): a V frame holds one or two of them, and a legend of every kind the event has covered the arms.
    /// </summary>
    private static List<(MarkerShape Shape, SKColor Color, string Label)> LegendEntries(TruthMarkers truth, ChargeRole[]? roles, bool vertex, Func<Vec3, bool>? shown = null)
    {
        var entries = new List<(MarkerShape Shape, SKColor Color, string Label)>();
        if (vertex) entries.Add((MarkerShape.Plus, Ink, "pair vertex and arms found from the charge"));
        if (roles is not null && Array.IndexOf(roles, ChargeRole.Detached) >= 0 || roles is not null && Array.IndexOf(roles, ChargeRole.Minor) >= 0)
            entries.Add((MarkerShape.Dot, DetachedColor, "detached clusters (charge; ring: one small at this scale)"));
        if (shown is null || shown(truth.OriginMm))
        {
            entries.Add((MarkerShape.Ring, OriginColor, "truth: origin"));
            entries.Add((MarkerShape.Arrow, DirectionColor, "initial direction"));
        }
        void Add(Vec3[] points, MarkerShape shape, SKColor color, string name)
        {
            if (points.Length == 0) return;
            if (shown is null) { entries.Add((shape, color, $"{name} ({points.Length})")); return; }
            int inFrame = 0;
            foreach (var p in points) if (shown(p)) inFrame++;
            if (inFrame > 0) entries.Add((shape, color, inFrame == points.Length ? $"{name} ({inFrame})" : $"{name} ({inFrame} of {points.Length})"));
        }
        Add(truth.BremMm, MarkerShape.Diamond, BremColor, "brem");
        Add(truth.ComptonMm, MarkerShape.Triangle, ComptonColor, "Compton");
        Add(truth.PhotoMm, MarkerShape.Square, PhotoColor, "photoabsorption");
        Add(truth.PairMm, MarkerShape.Cross, PairColor, "pair");
        return entries;
    }

    /// <summary>Width and height of the legend box, px.</summary>
    private SKSize LegendSize(List<(MarkerShape Shape, SKColor Color, string Label)> entries, float ui) =>
        new(24 * ui + entries.Max(e => TextWidth(e.Label, 11 * ui)) + 8 * ui, 16 * ui * entries.Count + 6 * ui);

    private void DrawLegend(SKCanvas canvas, SKPoint at, List<(MarkerShape Shape, SKColor Color, string Label)> entries, float ui)
    {
        float row = 16 * ui, fs = 11 * ui;
        float width = 24 * ui + entries.Max(e => TextWidth(e.Label, fs));
        using var bg = new SKPaint { Color = SKColors.White.WithAlpha(215), IsAntialias = true };
        using var border = new SKPaint { Color = PaneEdge, IsAntialias = true, IsStroke = true, StrokeWidth = 1 };
        var box = new SKRect(at.X, at.Y, at.X + width + 8 * ui, at.Y + row * entries.Count + 6 * ui);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, bg);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, border);
        for (int i = 0; i < entries.Count; i++)
        {
            float y = at.Y + 3 * ui + row * (i + 0.5f);
            var (shape, color, label) = entries[i];
            if (shape == MarkerShape.Arrow)
            {
                using var p = new SKPaint { Color = color, IsAntialias = true, IsStroke = true, StrokeWidth = 2 * ui };
                canvas.DrawLine(at.X + 6 * ui, y, at.X + 18 * ui, y, p);
                canvas.DrawLine(at.X + 14 * ui, y - 3 * ui, at.X + 18 * ui, y, p);
                canvas.DrawLine(at.X + 14 * ui, y + 3 * ui, at.X + 18 * ui, y, p);
            }
            else Marker(canvas, new SKPoint(at.X + 12 * ui, y), shape, color, ui * 0.85f);
            DrawText(canvas, label, at.X + 24 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Left);
        }
    }
}
