using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// Straight lines of one paint (grid lines, tick marks) drawn with one Skia call instead of one each. An anti-aliased
/// stroke at most 1 px wide under an untransformed canvas is drawn by Skia as a hairline (its coverage scaled by the
/// width), and a hairline path is blitted one segment after the other, in order, exactly as separate <c>DrawLine</c>
/// calls blit them: the same pixels, but Skia chooses a blitter and builds its raster pipeline once per batch instead of
/// once per line (a sheet drew ~170 lines at ~20 us each; docs/benchmarks/rendering.md, Round 10). A wider stroke is
/// filled as one shape, where lines that cross or touch would be covered once instead of blended twice: then each line
/// is still drawn on its own.
/// </summary>
internal sealed class HairlineBatch(SKCanvas canvas, SKPaint paint) : IDisposable
{
    private readonly SKPathBuilder _path = new();
    private readonly bool _asOnePath = paint.IsAntialias && paint.IsStroke && paint.StrokeWidth <= 1 && paint.PathEffect is null
        && canvas.TotalMatrix.IsIdentity;
    private bool _pending;

    public void Line(SKPoint from, SKPoint to) => Line(from.X, from.Y, to.X, to.Y);

    public void Line(float x0, float y0, float x1, float y1)
    {
        if (!_asOnePath) { canvas.DrawLine(x0, y0, x1, y1, paint); return; }
        _path.MoveTo(x0, y0);
        _path.LineTo(x1, y1);
        _pending = true;
    }

    /// <summary>Draws the lines collected so far (the order of drawing matters where a later mark covers them).</summary>
    public void Flush()
    {
        if (!_pending) return;
        using var path = _path.Detach();
        canvas.DrawPath(path, paint);
        _pending = false;
    }

    public void Dispose()
    {
        Flush();
        _path.Dispose();
    }
}
