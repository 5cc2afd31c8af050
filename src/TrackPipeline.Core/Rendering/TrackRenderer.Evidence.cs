using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// What the charge shows, drawn so it is seen at any frame scale: the detached clusters of a brem electron or a Compton
// photon (each ringed and labelled), the two arms of a V from its vertex.
public sealed partial class TrackRenderer
{
    /// <summary>Charge labels of detached clusters: the teal darkened, readable on white and on the grey panes.</summary>
    private static readonly SKColor DetachedInk = new(0x0E, 0x5E, 0x47);

    /// <summary>A detached cluster as drawn: the centre of its footprint on screen, its radius (the ring's when ringed), px, and its charge label.</summary>
    private readonly record struct DetachedMark(SKPoint Centre, float RadiusPx, bool Ringed, string Charge, double ChargeE)
    {
        /// <summary>Half the cluster's own drawn footprint, px (a ring never shrinks inside it).</summary>
        public float OwnRadiusPx { get; init; }
    }

    /// <summary>
    /// The points a panel splats: coordinates before its viewport (screen x = OffsetX + Scale x X[i], y = OffsetY - Scale x
    /// Y[i], the splats' own arithmetic) and the first <see cref="Count"/> indices of <see cref="Order"/>, the points inside
    /// its cube.
    /// </summary>
    private readonly record struct DrawnPoints(float[] X, float[] Y, int[] Order, int Count, float OffsetX, float OffsetY, float Scale);

    /// <summary>Charge labels per panel at most (the largest sub-tracks'); the rings mark every one.</summary>
    private const int MaxChargeLabels = 6;

    /// <summary>
    /// Where each significant detached cluster of <paramref name="scene"/> whose centre lies inside the panel's cube is
    /// drawn: a cluster whose projected box is smaller than three minimum radii (a 3 mm sub-track in a 300 mm frame is
    /// 1-2 px of charge) gets a ring of at least <see cref="TrackScene.DetachedMarkerMinPx"/> x ui around it; larger ones
    /// are visible as teal tracks and are left as they are. <paramref name="project"/> maps mm to the panel's pixels.
    /// </summary>
    /// <param name="drawn">The points the panel draws, already projected and cube-tested for its splats: the rings' pass over
    /// the main charge reads them instead of projecting and testing every deposit again through the two delegates.</param>
    private static List<DetachedMark> DetachedMarks(TrackScene scene, Func<Vec3, bool> inside, Func<Vec3, SKPoint> project, float ui, DrawnPoints? drawn = null)
    {
        var marks = new List<DetachedMark>();
        if (scene.Detached is not { Count: > 0 } detached) return marks;
        float minR = (float)scene.DetachedMarkerMinPx * ui;
        foreach (var d in detached)
        {
            if (!inside(d.CentreMm)) continue;
            float x0 = float.MaxValue, x1 = float.MinValue, y0 = float.MaxValue, y1 = float.MinValue;
            for (int k = 0; k < 8; k++)
            {
                var p = project(new Vec3((k & 1) == 0 ? d.MinMm.X : d.MaxMm.X, (k & 2) == 0 ? d.MinMm.Y : d.MaxMm.Y, (k & 4) == 0 ? d.MinMm.Z : d.MaxMm.Z));
                x0 = Math.Min(x0, p.X); x1 = Math.Max(x1, p.X); y0 = Math.Min(y0, p.Y); y1 = Math.Max(y1, p.Y);
            }
            float size = Math.Max(x1 - x0, y1 - y0);
            var centre = new SKPoint((x0 + x1) / 2, (y0 + y1) / 2);
            // A ringed cluster's ring grows with its charge: a brem conversion of 500k e- stands out from a 4k e- Compton electron.
            float weight = scene.RingSize.ScaleFor(d.ChargeE);
            marks.Add(size < 3 * minR ? new DetachedMark(centre, Math.Max(minR * weight, size / 2 + 2 * ui), true, d.ChargeLabel(), d.ChargeE) { OwnRadiusPx = size / 2 }
                : new DetachedMark(centre, size / 2, false, d.ChargeLabel(), d.ChargeE) { OwnRadiusPx = size / 2 });
        }
        KeepRingsOffTheMainCharge(marks, scene, inside, project, ui, drawn);
        return marks;
    }

    /// <summary>Room kept between a ring and the main cluster's drawn charge, px x ui: a charge disc's radius and half the ring's halo.</summary>
    private const float RingClearancePx = 2.5f;

    /// <summary>
    /// Rings only around detached charge: a ring whose circle would take in main-cluster charge drawn in the panel is
    /// shrunk to pass inside that charge (<see cref="RingClearancePx"/> clear of it), down to the cluster's own footprint
    /// plus 1.5 px. A ring around the end of the main track read as "this end is detached" and hid where the primary ends
    /// (breaker7 B3: the 540 mm brem frame of compare_E0050000, two rings over the primary's end). A cluster that lies on
    /// the main track in this view keeps the smallest ring. One pass over the main-cluster points, only when a ring is drawn.
    /// </summary>
    private static void KeepRingsOffTheMainCharge(List<DetachedMark> marks, TrackScene scene, Func<Vec3, bool> inside, Func<Vec3, SKPoint> project, float ui,
        DrawnPoints? drawn)
    {
        if (scene.Roles is not { } roles || !marks.Exists(m => m.Ringed)) return;
        float clearance = RingClearancePx * ui;
        // The ringed marks' centres and reaches (ring + clearance); squared distance (px) from each centre to the nearest
        // main charge within its reach, through a grid of the rings (each point meets the few rings near it).
        int n = 0;
        foreach (var m in marks) if (m.Ringed) n++;
        var cx = new float[n]; var cy = new float[n]; var reach = new float[n]; var index = new int[n];
        n = 0;
        for (int k = 0; k < marks.Count; k++)
        {
            if (!marks[k].Ringed) continue;
            cx[n] = marks[k].Centre.X; cy[n] = marks[k].Centre.Y; reach[n] = marks[k].RadiusPx + clearance; index[n++] = k;
        }
        using var rings = new RingNeighbourhood(cx, cy, reach);
        if (drawn is { } shown)
        {
            // The panel's own projection: each point where its splat lands, only the points it draws.
            var (px, py) = (shown.X, shown.Y);
            foreach (int i in shown.Order.AsSpan(0, shown.Count))
                if (roles[i] == ChargeRole.Main) rings.Offer(shown.OffsetX + shown.Scale * px[i], shown.OffsetY - shown.Scale * py[i]);
        }
        else
        {
            var x = scene.X; var y = scene.Y; var z = scene.Z;
            for (int i = 0; i < scene.Count; i++)
            {
                if (roles[i] != ChargeRole.Main) continue;
                var v = new Vec3(x[i], y[i], z[i]);
                if (!inside(v)) continue;
                var p = project(v);
                rings.Offer(p.X, p.Y);
            }
        }
        for (int r = 0; r < n; r++)
        {
            var m = marks[index[r]];
            float room = MathF.Sqrt(rings.Nearest2(r)) - clearance;
            if (room >= m.RadiusPx) continue;
            float floor = m.OwnRadiusPx + 1.5f * ui;
            marks[index[r]] = m with { RadiusPx = Math.Max(floor, room) };
        }
    }

    /// <summary>
    /// Rings (teal over a thin white halo) around the small detached clusters, drawn before the charge: where a ring
    /// crosses the primary the primary is drawn over it (in a 600 px comparison panel the rings hid the primary, S6).
    /// </summary>
    private static void DrawDetachedRings(SKCanvas canvas, SKRect clip, List<DetachedMark> marks, float ui)
    {
        if (marks.Count == 0) return;
        canvas.Save();
        canvas.ClipRect(clip);
        // At least 1.4 px wide: thinner, a ring (anti-aliased) was a broken pale outline, in the whole-event inset at half scale
        // and in the projections at 1 px.
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(190), IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(2.2f, 2.6f * ui) };
        using var ring = new SKPaint { Color = DetachedColor, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1.4f, 1.3f * ui) };
        foreach (var m in marks)
        {
            if (!m.Ringed) continue;
            canvas.DrawCircle(m.Centre, m.RadiusPx, halo);
            canvas.DrawCircle(m.Centre, m.RadiusPx, ring);
        }
        canvas.Restore();
    }

    /// <summary>
    /// Each detached cluster's charge beside its ring, after the charge is drawn: the largest first, at most
    /// <see cref="MaxChargeLabels"/>, right of the ring or else left of it; a label that would overlap one already drawn
    /// or lie over drawn charge (<paramref name="bitmap"/>'s pixels) is left out, the ring stays. With <paramref name="inside"/>
    /// (the 3D box's outline) a label lies wholly inside it, and it never touches <paramref name="avoid"/> (the axes' text).
    /// </summary>
    private void DrawDetachedLabels(SKBitmap bitmap, SKCanvas canvas, SKRect clip, List<DetachedMark> marks, float ui,
        SKPath? inside = null, List<SKRect>? avoid = null)
    {
        if (marks.Count == 0) return;
        canvas.Save();
        canvas.ClipRect(clip);
        float fs = 9.5f * ui;
        // Half the ring's drawn line with its halo (DrawDetachedRings): a label must not sit on any ring's line.
        float ringHalfWidth = Math.Max(2.2f, 2.6f * ui) / 2;
        var placed = avoid is null ? new List<SKRect>() : new List<SKRect>(avoid);
        // 20 labels over a 50 MeV event hid its sub-tracks.
        int labelled = 0;
        foreach (var m in marks.OrderByDescending(m => m.ChargeE))
        {
            if (labelled == MaxChargeLabels) break;
            // Clear of its own ring's line and halo (at R + 2 px the first glyph touched the ring: "365k e-" of T1337244416).
            float w = TextWidth(m.Charge, fs), gap = m.RadiusPx + ringHalfWidth + 2 * ui;
            var right = new SKRect(m.Centre.X + gap, m.Centre.Y - fs / 2, m.Centre.X + gap + w, m.Centre.Y + fs / 2);
            var left = new SKRect(m.Centre.X - gap - w, right.Top, m.Centre.X - gap, right.Bottom);
            SKRect? box = null;
            foreach (var candidate in new[] { right, left })
                if (clip.Contains(candidate) && Within(inside, candidate) && !placed.Exists(r => r.IntersectsWith(candidate)) && !CoversCharge(bitmap, candidate)
                    && !CrossesAnyRing(marks, SKRect.Inflate(candidate, 1.5f * ui, 0), ringHalfWidth)) { box = candidate; break; }
            if (box is not { } b) continue;
            placed.Add(b);
            labelled++;
            DrawText(canvas, m.Charge, b.Left, b.Bottom - 0.15f * fs, fs, DetachedInk, SKTextAlign.Left);
        }
        canvas.Restore();
    }

    /// <summary>
    /// Whether a label box lies on the line of any ring: at 50 MeV the sub-tracks' rings crowd the raw panel and the
    /// labels, kept off the charge and each other only, were written across neighbouring rings ("365k e-", "14k e-" of
    /// T1337244416). A box inside a large ring's empty middle or wholly outside it is fine.
    /// </summary>
    private static bool CrossesAnyRing(List<DetachedMark> marks, SKRect box, float halfWidth)
    {
        foreach (var m in marks)
            if (m.Ringed && CrossesRing(m.Centre, m.RadiusPx, box, halfWidth)) return true;
        return false;
    }

    /// <summary>Whether the circle of <paramref name="radius"/> about <paramref name="centre"/>, drawn <paramref name="halfWidth"/> either side, passes through <paramref name="box"/>.</summary>
    internal static bool CrossesRing(SKPoint centre, float radius, SKRect box, float halfWidth)
    {
        float dx = Math.Max(Math.Max(box.Left - centre.X, 0), centre.X - box.Right);
        float dy = Math.Max(Math.Max(box.Top - centre.Y, 0), centre.Y - box.Bottom);
        float nearest = MathF.Sqrt(dx * dx + dy * dy);
        float fx = Math.Max(Math.Abs(box.Left - centre.X), Math.Abs(box.Right - centre.X));
        float fy = Math.Max(Math.Abs(box.Top - centre.Y), Math.Abs(box.Bottom - centre.Y));
        float farthest = MathF.Sqrt(fx * fx + fy * fy);
        return nearest <= radius + halfWidth && farthest >= radius - halfWidth;
    }

    /// <summary>Whether the box's four corners lie inside <paramref name="outline"/> (a convex outline: then the whole box does); true without one.</summary>
    private static bool Within(SKPath? outline, SKRect box) =>
        outline is null || outline.Contains(box.Left, box.Top) && outline.Contains(box.Right, box.Top) && outline.Contains(box.Left, box.Bottom) && outline.Contains(box.Right, box.Bottom);

    /// <summary>
    /// Whether drawn charge lies in <paramref name="box"/>: a few strongly coloured pixels (the colormaps and the teal;
    /// panes, grid lines, text and the white background are grey). Labels are few, their boxes small.
    /// </summary>
    private static bool CoversCharge(SKBitmap bitmap, SKRect box)
    {
        var pixels = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        int w = bitmap.Width;
        int x0 = Math.Max(0, (int)box.Left), x1 = Math.Min(w, (int)MathF.Ceiling(box.Right));
        int y0 = Math.Max(0, (int)box.Top), y1 = Math.Min(bitmap.Height, (int)MathF.Ceiling(box.Bottom));
        int coloured = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
            {
                uint p = pixels[y * w + x];
                int r = (int)(p & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p >> 16 & 0xFF);
                if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) >= 60 && ++coloured > 3) return true;
            }
        return false;
    }

    /// <summary>
    /// Length of the drawn arms as a fraction of the frame: like the truth's initial-direction arrow (0.3), a direction
    /// at the apex, not a track; the lepton bends away from it by multiple scattering within a few cm at 10-25 MeV.
    /// </summary>
    internal const double ArmLengthFraction = 0.3;

    /// <summary>
    /// The V's two arms (<see cref="PictureFrame.Arms"/>: along each lepton's first cm of charge from where the two meet, or
    /// the vertex finder's directions from the vertex when the charge there does not split in two): dashed lines, drawn
    /// under the charge, so they are seen where the lepton bends away from its initial direction, and the charge stays
    /// visible over them. Each arm runs only as far as its charge follows it (<see cref="VArms.ChargeRunAMm"/>), at most
    /// <paramref name="lengthMm"/>; an arm not on charge (0) is not drawn: a dashed line between two prongs claimed a
    /// lepton where there is none (breaker7 B2).
    /// </summary>
    private static void DrawArms(SKCanvas canvas, SKRect clip, VArms arms, double lengthMm, Func<Vec3, SKPoint> at, float ui)
    {
        if (arms.ChargeRunAMm <= 0 && arms.ChargeRunBMm <= 0) return;
        var apex = arms.ApexMm;
        canvas.Save();
        canvas.ClipRect(clip);
        // Drawn over the charge (breaker8 F3: under it, a right arm was hidden by the very charge it follows): a thin
        // dark dash on a light halo, so it shows on the charge and the charge shows through its gaps.
        using var dash = SKPathEffect.CreateDash([5 * ui, 3 * ui], 0);
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(170), IsAntialias = true, IsStroke = true, StrokeWidth = 2.6f * ui, PathEffect = dash, StrokeCap = SKStrokeCap.Butt };
        using var paint = new SKPaint { Color = Ink.WithAlpha(220), IsAntialias = true, IsStroke = true, StrokeWidth = 1.0f * ui, PathEffect = dash, StrokeCap = SKStrokeCap.Butt };
        var from = at(apex);
        foreach (var p in new[] { halo, paint })
        {
            if (arms.ChargeRunAMm > 0) canvas.DrawLine(from, at(apex + Math.Min(lengthMm, arms.ChargeRunAMm) * arms.A), p);
            if (arms.ChargeRunBMm > 0) canvas.DrawLine(from, at(apex + Math.Min(lengthMm, arms.ChargeRunBMm) * arms.B), p);
        }
        canvas.Restore();
    }
}
