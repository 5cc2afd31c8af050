using SkiaSharp;

namespace TrackPipeline.Rendering;

// The scale bar of a 3D panel: how long a round length is on screen.
public sealed partial class TrackRenderer
{
    /// <summary>
    /// A bar of a round length (1, 2 or 5 x 10^k in the panel's unit) left of the colour bar, labelled over it ("10 mm (3D)"): the length
    /// of that many mm (or um) seen face-on, in the plane of the picture (the box is orthographic; a length along the line of
    /// sight is shorter on screen). Why: the thumbnails beside each other on a sheet are each framed on their own track, a
    /// 540 mm brem frame beside a 13 mm V (electrons | photons at 50 MeV); their box ticks are small and foreshortened, so
    /// the two scales were not comparable at a glance (round 12).
    /// </summary>
    /// <param name="slot">The free band left of the colour bar (px).</param>
    /// <param name="pxPerMm">Screen pixels per mm of a length in the plane of the picture.</param>
    private void DrawScaleBar(SKCanvas canvas, SKRect slot, double pxPerMm, LengthUnit unit, float ui)
    {
        if (ScaleBarLength(pxPerMm / unit.PerMm, slot.Width) is not { } length) return;
        float px = (float)(length * pxPerMm / unit.PerMm);
        float y = slot.MidY, x0 = slot.MidX - px / 2, x1 = slot.MidX + px / 2;
        using var ink = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1.2f, 1.5f * ui) };
        canvas.DrawLine(x0, y, x1, y, ink);
        canvas.DrawLine(x0, y - 3 * ui, x0, y + 3 * ui, ink);
        canvas.DrawLine(x1, y - 3 * ui, x1, y + 3 * ui, ink);
        float fs = 10.5f * ui;
        // Labelled above the bar, toward its 3D panel, and named as the 3D panel's: under it the label sat next to the
        // projection's title below and read as that panel's scale (breaker12: a 10 mm bar of ~35 px over an XY projection
        // at ~56 px per 10 mm, 20 MeV T1332284855).
        string text = length.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " " + unit.Name + " (3D)";
        DrawText(canvas, text, slot.MidX, y - 6 * ui, fs, Ink, SKTextAlign.Center, slot.Width + 8 * ui);
    }

    /// <summary>
    /// The longest round length (1, 2 or 5 x 10^k units) whose bar fits in <paramref name="maxPx"/> at
    /// <paramref name="pxPerUnit"/>, at least 40 % of it; null when nothing sensible fits.
    /// </summary>
    public static double? ScaleBarLength(double pxPerUnit, double maxPx)
    {
        if (!(pxPerUnit > 0) || !(maxPx >= 8) || double.IsInfinity(pxPerUnit)) return null;
        double most = maxPx / pxPerUnit;
        double decade = Math.Pow(10, Math.Floor(Math.Log10(most)));
        foreach (double m in (ReadOnlySpan<double>)[5, 2, 1])
            if (m * decade <= most * (1 + 1e-9)) return m * decade;
        return null;
    }
}
