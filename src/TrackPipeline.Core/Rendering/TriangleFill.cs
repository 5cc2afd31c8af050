using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// Solid triangles filled straight into an RGBA bitmap by the rule Skia's <c>DrawVertices</c> fills them with (no
/// anti-aliasing: corners to 1/64 px by truncation, edges stepped in 16.16 fixed point from the first pixel centre, a row's
/// span from the rounded left edge to the rounded right one), so the readout panel's voxel faces come out pixel for pixel
/// as Skia drew them, without a raster-pipeline row blit for every 1-3 px row of every triangle (0.33 CPU-s on the sample,
/// docs/benchmarks/rendering.md, round 18a). Checked against Skia on random triangles and clips (TriangleFillTests).
/// </summary>
internal static class TriangleFill
{
    private struct Edge
    {
        public int X, DX, FirstY, LastY;
    }

    /// <summary>
    /// The clip rectangle in whole pixels as Skia rounds a non-anti-aliased clip (each side to the nearest pixel edge),
    /// within the bitmap.
    /// </summary>
    public static SKRectI ClipOf(SKRect clip, int width, int height) => new(
        Math.Max(0, (int)MathF.Floor(clip.Left + 0.5f)), Math.Max(0, (int)MathF.Floor(clip.Top + 0.5f)),
        Math.Min(width, (int)MathF.Floor(clip.Right + 0.5f)), Math.Min(height, (int)MathF.Floor(clip.Bottom + 0.5f)));

    /// <summary>Fills triangle (a, b, c) with <paramref name="rgba"/> (opaque), rows of <paramref name="stride"/> pixels, inside <paramref name="clip"/>.</summary>
    public static void Fill(Span<uint> pixels, int stride, SKRectI clip, SKPoint a, SKPoint b, SKPoint c, uint rgba)
    {
        Span<Edge> edges = stackalloc Edge[3];
        int n = 0;
        if (Line(a, b, out edges[n])) n++;
        if (Line(b, c, out edges[n])) n++;
        if (Line(c, a, out edges[n])) n++;
        if (n < 2) return;
        // By first row, then by x there: the first two are the left and right edges, the third takes over where one ends.
        for (int i = 1; i < n; i++)
            for (int j = i; j > 0 && (edges[j].FirstY < edges[j - 1].FirstY || edges[j].FirstY == edges[j - 1].FirstY && edges[j].X < edges[j - 1].X); j--)
                (edges[j], edges[j - 1]) = (edges[j - 1], edges[j]);
        int left = 0, right = 1, next = 2;
        int y = Math.Max(edges[0].FirstY, edges[1].FirstY), stop = clip.Bottom;
        while (y < stop)
        {
            int last = Math.Min(Math.Min(edges[left].LastY, edges[right].LastY), stop - 1);
            int lx = edges[left].X, rx = edges[right].X, ldx = edges[left].DX, rdx = edges[right].DX;
            for (; y <= last; y++)
            {
                int l = (lx + 0x8000) >> 16, r = (rx + 0x8000) >> 16;
                if (l > r) (l, r) = (r, l);
                l = Math.Max(l, clip.Left); r = Math.Min(r, clip.Right);
                if (y >= clip.Top && l < r) pixels.Slice(y * stride + l, r - l).Fill(rgba);
                lx += ldx; rx += rdx;
            }
            edges[left].X = lx; edges[right].X = rx;
            if (edges[left].LastY <= last) { if (next >= n || edges[next].FirstY >= stop) return; left = next++; }
            if (edges[right].LastY <= last) { if (next >= n || edges[next].FirstY >= stop) return; right = next++; }
        }
    }

    /// <summary>An edge as Skia sets it up (SkEdge::setLine); false for one that covers no pixel centre row.</summary>
    private static bool Line(SKPoint p0, SKPoint p1, out Edge edge)
    {
        edge = default;
        int x0 = (int)(p0.X * 64f), y0 = (int)(p0.Y * 64f), x1 = (int)(p1.X * 64f), y1 = (int)(p1.Y * 64f);
        if (y0 > y1) { (x0, x1) = (x1, x0); (y0, y1) = (y1, y0); }
        int top = (y0 + 32) >> 6, bottom = (y1 + 32) >> 6;
        if (top == bottom) return false;
        int dx = x1 - x0, dy = y1 - y0;
        int slope = (short)dx == dx ? (dx << 16) / dy : (int)(((long)dx << 16) / dy);
        int toCentre = (top << 6) + 32 - y0;
        edge.X = (x0 + (int)((long)slope * toCentre >> 16)) << 10;
        edge.DX = slope;
        edge.FirstY = top;
        edge.LastY = bottom - 1;
        return true;
    }
}
