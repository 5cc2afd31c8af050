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
    private readonly record struct DetachedMark(SKPoint Centre, float RadiusPx, bool Ringed, string Charge, double ChargeE);

    /// <summary>Charge labels per panel at most (the largest sub-tracks'); the rings mark every one.</summary>
    private const int MaxChargeLabels = 6;

    /// <summary>
    /// Where each significant detached cluster of <paramref name="scene"/> whose centre lies inside the panel's cube is
    /// drawn: a cluster whose projected box is smaller than three minimum radii (a 3 mm sub-track in a 300 mm frame is
    /// 1-2 px of charge) gets a ring of at least <see cref="TrackScene.DetachedMarkerMinPx"/> x ui around it; larger ones
    /// are visible as teal tracks and are left as they are. <paramref name="project"/> maps mm to the panel's pixels.
    /// </summary>
    private static List<DetachedMark> DetachedMarks(TrackScene scene, Func<Vec3, bool> inside, Func<Vec3, SKPoint> project, float ui)
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
            marks.Add(size < 3 * minR ? new DetachedMark(centre, Math.Max(minR, size / 2 + 2 * ui), true, d.ChargeLabel(), d.ChargeE) : new DetachedMark(centre, size / 2, false, d.ChargeLabel(), d.ChargeE));
        }
        return marks;
    }

    /// <summary>
    /// Rings (teal over a white halo) around the small detached clusters and, with <paramref name="labels"/>, each
    /// cluster's charge beside it (a label that would overlap one already drawn is left out; the ring stays).
    /// </summary>
    private void DrawDetachedMarks(SKCanvas canvas, SKRect clip, List<DetachedMark> marks, float ui, bool labels)
    {
        if (marks.Count == 0) return;
        canvas.Save();
        canvas.ClipRect(clip);
        // At least 1.2 px wide: thinner, the ring of the whole-event inset (half scale) was a broken pale outline.
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(190), IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(2.4f, 3.2f * ui) };
        using var ring = new SKPaint { Color = DetachedColor, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1.2f, 1.6f * ui) };
        foreach (var m in marks)
        {
            if (!m.Ringed) continue;
            canvas.DrawCircle(m.Centre, m.RadiusPx, halo);
            canvas.DrawCircle(m.Centre, m.RadiusPx, ring);
        }
        if (labels)
        {
            float fs = 9.5f * ui;
            var placed = new List<SKRect>();
            // The largest charges first and at most MaxChargeLabels of them: 20 labels over a 50 MeV event hid its sub-tracks.
            int labelled = 0;
            foreach (var m in marks.OrderByDescending(m => m.ChargeE))
            {
                if (labelled == MaxChargeLabels) break;
                float w = TextWidth(m.Charge, fs);
                var box = new SKRect(m.Centre.X + m.RadiusPx + 2 * ui, m.Centre.Y - fs / 2, m.Centre.X + m.RadiusPx + 2 * ui + w, m.Centre.Y + fs / 2);
                if (placed.Exists(r => r.IntersectsWith(box))) continue;
                placed.Add(box);
                labelled++;
                DrawText(canvas, m.Charge, box.Left, box.Bottom - 0.15f * fs, fs, DetachedInk, SKTextAlign.Left);
            }
        }
        canvas.Restore();
    }

    /// <summary>
    /// Length of the drawn arms as a fraction of the frame: like the truth's initial-direction arrow (0.3), a direction
    /// at the apex, not a track; the lepton bends away from it by multiple scattering within a few cm at 10-25 MeV.
    /// </summary>
    private const double ArmLengthFraction = 0.3;

    /// <summary>
    /// The V's two arms as the vertex finder measured them: dashed lines from the vertex, drawn under the charge, so
    /// where they run beside the charge rather than under it the estimate is seen to be off (they are the stage's
    /// directions, right or wrong, like the +).
    /// </summary>
    private static void DrawArms(SKCanvas canvas, SKRect clip, Vec3 apex, (Vec3 A, Vec3 B) arms, double lengthMm, Func<Vec3, SKPoint> at, float ui)
    {
        canvas.Save();
        canvas.ClipRect(clip);
        using var dash = SKPathEffect.CreateDash([5 * ui, 3 * ui], 0);
        using var paint = new SKPaint { Color = Ink.WithAlpha(150), IsAntialias = true, IsStroke = true, StrokeWidth = 1.3f * ui, PathEffect = dash };
        var from = at(apex);
        canvas.DrawLine(from, at(apex + lengthMm * arms.A), paint);
        canvas.DrawLine(from, at(apex + lengthMm * arms.B), paint);
        canvas.Restore();
    }
}
