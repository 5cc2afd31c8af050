using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// Truth overlays: origin, initial direction, interaction vertices, legend.
public sealed partial class TrackRenderer
{
    // ---------------------------------------------------------------- truth

    /// <summary>Truth markers (small, hollow, drawn after the charge so they sit over it) and the initial direction.</summary>
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
        // Rarest and most telling first: a spot already marked is not marked again by a commoner kind.
        const float pairScale = 1.3f;
        var drawn = new MarkedSpots(MarkerSpacing(ui * pairScale));
        Interactions(truth.PairMm, MarkerShape.Cross, PairColor, ui * pairScale);
        Interactions(truth.BremMm, MarkerShape.Diamond, BremColor, ui);
        Interactions(truth.PhotoMm, MarkerShape.Square, PhotoColor, ui);
        Interactions(truth.ComptonMm, MarkerShape.Triangle, ComptonColor, ui);

        // One marker per marker-sized spot: in a 400-540 mm brem frame a 50 MeV electron's ~70 photoabsorption and ~30
        // Compton sites fall a pixel or two apart along its primary, and drawn each they hid the charge they sit on (a
        // second marker on the same spot locates nothing more). The key still counts every site in the frame.
        void Interactions(Vec3[] points, MarkerShape shape, SKColor color, float size)
        {
            float apart = MarkerSpacing(size);   // markers clear of each other by more than their width, the charge seen between
            bool first = true;   // every kind the key lists is drawn at least once (F5: "pair (1)" in the key, no cross seen)
            foreach (var v in points)
            {
                if (!shown(v)) continue;
                var p = at(v);
                if (drawn.AnyWithin(p, apart) && !first) continue;
                first = false;
                drawn.Add(p);
                Marker(canvas, p, shape, color, size, interaction: true);
            }
        }
    }

    /// <summary>Least distance (px, along x and along y) between two interaction markers of size <paramref name="size"/>.</summary>
    private static float MarkerSpacing(float size) => 4f * InteractionMarkerScale * 3.6f * size;

    internal enum MarkerShape { Ring, Diamond, Triangle, Square, Cross, Arrow, Dot, Plus }

    /// <summary>The truth's interaction markers' shapes: drawn in the key as in the plots (light colour on a dark edge).</summary>
    private static bool IsInteraction(MarkerShape shape) => shape is MarkerShape.Diamond or MarkerShape.Triangle or MarkerShape.Square or MarkerShape.Cross;

    /// <summary>
    /// Opacity of the truth's interaction markers (brem, Compton, photoabsorption, pair). They are drawn over the charge: a
    /// brem vertex lies on the electron's own track, so under the charge it was never seen (breaker F5). Hollow and small
    /// (a fixed size in px, whatever the frame), so ~100 of them along a 50 MeV electron do not hide the charge they sit on.
    /// </summary>
    private const byte InteractionMarkerAlpha = 230;

    /// <summary>Radius of an interaction marker relative to the origin ring's: smaller, they are many and on the track.</summary>
    private const float InteractionMarkerScale = 0.85f;

    /// <param name="interaction">An interaction marker of the truth: smaller, a light colour over a thin dark edge, so it reads on
    /// the colormap's dark (low charge) and bright (high charge) ends alike, drawn over the charge.</param>
    private static void Marker(SKCanvas canvas, SKPoint p, MarkerShape shape, SKColor color, float ui, bool interaction = false)
    {
        // Small and hollow: a marker says where, the charge under and around it stays visible.
        float r = 3.6f * ui * (interaction ? InteractionMarkerScale : 1);
        using var stroke = new SKPaint { Color = interaction ? color.WithAlpha(InteractionMarkerAlpha) : color, IsAntialias = true, IsStroke = true, StrokeWidth = (interaction ? 1.2f : 1.3f) * ui };
        using var halo = new SKPaint
        {
            Color = interaction ? Ink.WithAlpha(150) : SKColors.White.WithAlpha(160), IsAntialias = true, IsStroke = true, StrokeWidth = (interaction ? 1.8f : 2.6f) * ui,
        };
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

    /// <summary>
    /// The truth's initial direction: a thin shaft (no halo) and a haloed head. The shaft runs along the track's first part
    /// by construction, so drawn 2.2 px wide over a 4.5 px white halo it covered the primary it points along: the 50 MeV
    /// brem quest picture's 150 mm primary was a red arrow in XY and in the raw panel (session 7). Now the charge is seen on
    /// both sides of the shaft; the head, clear of the track's start, carries the direction.
    /// </summary>
    /// <summary>
    /// Longest truth arrow, px at ui 1: the 9 px head and a shaft about twice as long, enough to read a direction. The
    /// arrow is otherwise 0.3 of the frame, which in a 400-540 mm brem frame lay along the primary over most of its length.
    /// </summary>
    private const float MaxArrowPx = 26;

    private static void DrawArrow(SKCanvas canvas, SKPoint from, SKPoint to, float ui)
    {
        float dx = to.X - from.X, dy = to.Y - from.Y, len = MathF.Sqrt(dx * dx + dy * dy);
        if (len < 1) return;
        dx /= len; dy /= len;
        // A direction, not a track: at most MaxArrowPx long whatever the frame, so in a 540 mm frame the shaft covers the
        // primary's first few mm, not its whole 150 mm (breaker7 B4: 0.3 of the frame was ~140 mm, over the charge).
        float capped = Math.Min(len, MaxArrowPx * ui);
        to = new SKPoint(from.X + capped * dx, from.Y + capped * dy);
        float head = 9 * ui;
        using var shaft = new SKPaint { Color = DirectionColor.WithAlpha(210), IsAntialias = true, IsStroke = true, StrokeWidth = 1.2f * ui, StrokeCap = SKStrokeCap.Round };
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(200), IsAntialias = true, IsStroke = true, StrokeWidth = 4.5f * ui, StrokeCap = SKStrokeCap.Round };
        using var paint = new SKPaint { Color = DirectionColor, IsAntialias = true, IsStroke = true, StrokeWidth = 2.2f * ui, StrokeCap = SKStrokeCap.Round };
        canvas.DrawLine(from, to, shaft);
        using var builder = new SKPathBuilder();
        builder.MoveTo(to.X - head * dx + 0.5f * head * dy, to.Y - head * dy - 0.5f * head * dx);
        builder.LineTo(to);
        builder.LineTo(to.X - head * dx - 0.5f * head * dy, to.Y - head * dy + 0.5f * head * dx);
        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, paint);
    }

    private void DrawLegend(SKCanvas canvas, SKPoint at, TruthMarkers truth, ChargeRole[]? roles, float ui) =>
        DrawLegend(canvas, at, LegendEntries(truth, roles, vertex: null), ui);

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
    internal static List<(MarkerShape Shape, SKColor Color, string Label)> LegendEntries(TruthMarkers? truth, ChargeRole[]? roles, string? vertex, Func<Vec3, bool>? shown = null)
    {
        // Without truth (real data, a track without its pickle) the key still explains what the charge's marks are.
        var entries = new List<(MarkerShape Shape, SKColor Color, string Label)>();
        if (vertex is not null) entries.Add((MarkerShape.Plus, Ink, vertex));
        if (roles is not null && Array.IndexOf(roles, ChargeRole.Detached) >= 0 || roles is not null && Array.IndexOf(roles, ChargeRole.Minor) >= 0)
            entries.Add((MarkerShape.Dot, DetachedColor, "detached clusters (teal; ringed, ring grows with charge)"));
        if (truth is null) return entries;
        if (shown is null || shown(truth.OriginMm))
        {
            entries.Add((MarkerShape.Ring, OriginColor, "truth: origin"));
            entries.Add((MarkerShape.Arrow, DirectionColor, "truth: initial direction"));
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

    /// <summary>Inside the cube (centre and side, mm), edges included: what the framed panels draw.</summary>
    private static Func<Vec3, bool> InCube((double Cx, double Cy, double Cz, double Side) cube)
    {
        double h = cube.Side / 2;
        return v => Math.Abs(v.X - cube.Cx) <= h && Math.Abs(v.Y - cube.Cy) <= h && Math.Abs(v.Z - cube.Cz) <= h;
    }

    /// <summary>Gap between two entries of the key strip, px at ui 1.</summary>
    private const float KeyEntryGap = 18;

    /// <summary>The key's entries flowed into rows across <paramref name="width"/>: the index of the first entry of each row, and the rows' widths.</summary>
    private List<(int First, int Count, float Width)> KeyRows(List<(MarkerShape Shape, SKColor Color, string Label)> entries, float width, float ui)
    {
        var rows = new List<(int First, int Count, float Width)>();
        float fs = 11 * ui, used = 0;
        int first = 0;
        for (int i = 0; i < entries.Count; i++)
        {
            float w = 24 * ui + TextWidth(entries[i].Label, fs);
            if (i > first && used + KeyEntryGap * ui + w > width - 20 * ui)
            {
                rows.Add((first, i - first, used));
                (first, used) = (i, 0);
            }
            used += (i > first ? KeyEntryGap * ui : 0) + w;
        }
        rows.Add((first, entries.Count - first, used));
        return rows;
    }

    /// <summary>Height of the key strip under the projections: one 16 px row per line of entries, plus room above and below.</summary>
    private float LegendStripHeight(List<(MarkerShape Shape, SKColor Color, string Label)> entries, float width, float ui) =>
        16 * ui * KeyRows(entries, width, ui).Count + 12 * ui;

    /// <summary>
    /// The key of the picture (the frame's vertex, detached charge, the truth markers drawn in the frame) as rows of
    /// entries centred in <paramref name="strip"/>, a band of its own under the projections: it covers no plot.
    /// </summary>
    private void DrawLegendStrip(SKCanvas canvas, SKRect strip, List<(MarkerShape Shape, SKColor Color, string Label)> entries, float ui)
    {
        float row = 16 * ui, fs = 11 * ui;
        var rows = KeyRows(entries, strip.Width, ui);
        using var rule = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = 1 };
        canvas.DrawLine(strip.Left + 20 * ui, strip.Top + 2 * ui, strip.Right - 20 * ui, strip.Top + 2 * ui, rule);
        for (int r = 0; r < rows.Count; r++)
        {
            var (first, count, used) = rows[r];
            float x = strip.MidX - used / 2, y = strip.Top + 6 * ui + row * (r + 0.5f);
            for (int i = first; i < first + count; i++)
            {
                DrawKeyEntry(canvas, x, y, entries[i], ui);
                x += 24 * ui + TextWidth(entries[i].Label, fs) + KeyEntryGap * ui;
            }
        }
    }

    /// <summary>One entry of a key: its marker (or arrow, or dashed line) in a 24 px box at (x, y), then its label.</summary>
    private void DrawKeyEntry(SKCanvas canvas, float x, float y, (MarkerShape Shape, SKColor Color, string Label) entry, float ui)
    {
        var (shape, color, label) = entry;
        float fs = 11 * ui;
        if (shape == MarkerShape.Arrow)
        {
            using var p = new SKPaint { Color = color, IsAntialias = true, IsStroke = true, StrokeWidth = 2 * ui };
            canvas.DrawLine(x + 6 * ui, y, x + 18 * ui, y, p);
            canvas.DrawLine(x + 14 * ui, y - 3 * ui, x + 18 * ui, y, p);
            canvas.DrawLine(x + 14 * ui, y + 3 * ui, x + 18 * ui, y, p);
        }
        else Marker(canvas, new SKPoint(x + 12 * ui, y), shape, color, ui * 0.85f, interaction: IsInteraction(shape));
        DrawText(canvas, label, x + 24 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Left);
    }

    private void DrawLegend(SKCanvas canvas, SKPoint at, List<(MarkerShape Shape, SKColor Color, string Label)> entries, float ui)
    {
        float row = 16 * ui, fs = 11 * ui;
        float width = 24 * ui + entries.Max(e => TextWidth(e.Label, fs));
        using var bg = new SKPaint { Color = SKColors.White.WithAlpha(215), IsAntialias = true };
        using var border = new SKPaint { Color = PaneEdge, IsAntialias = true, IsStroke = true, StrokeWidth = 1 };
        var box = new SKRect(at.X, at.Y, at.X + width + 8 * ui, at.Y + row * entries.Count + 6 * ui);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, bg);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, border);
        for (int i = 0; i < entries.Count; i++) DrawKeyEntry(canvas, at.X, at.Y + 3 * ui + row * (i + 0.5f), entries[i], ui);
    }
}
