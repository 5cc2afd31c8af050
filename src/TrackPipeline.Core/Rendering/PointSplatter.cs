namespace TrackPipeline.Rendering;

/// <summary>
/// Draws anti-aliased discs straight into RGBA8888 pixels (R in the low byte) with "source over" blending.
/// Used for the many points of a track: exact back-to-front order, no allocation and no native call per point
/// (batched <c>SKCanvas.DrawPoints</c> per colour bucket cannot keep depth order across buckets; a side-by-side
/// timing against it has not been made yet, see docs/benchmarks/rendering.md).
/// </summary>
internal static class PointSplatter
{
    /// <summary>Blends a disc of radius <paramref name="radius"/> px centred at (cx, cy); coverage falls off over one pixel at the rim.</summary>
    public static void Disc(Span<uint> pixels, int width, int clipLeft, int clipTop, int clipRight, int clipBottom,
        float cx, float cy, float radius, uint rgba, int alpha)
    {
        int x0 = Math.Max(clipLeft, (int)MathF.Floor(cx - radius - 0.5f));
        int x1 = Math.Min(clipRight - 1, (int)MathF.Ceiling(cx + radius + 0.5f));
        int y0 = Math.Max(clipTop, (int)MathF.Floor(cy - radius - 0.5f));
        int y1 = Math.Min(clipBottom - 1, (int)MathF.Ceiling(cy + radius + 0.5f));
        if (x0 > x1 || y0 > y1) return;
        uint sr = rgba & 0xFF, sg = (rgba >> 8) & 0xFF, sb = (rgba >> 16) & 0xFF;
        float outer = radius + 0.5f;
        for (int py = y0; py <= y1; py++)
        {
            float dy = py + 0.5f - cy;
            int row = py * width;
            for (int px = x0; px <= x1; px++)
            {
                float dx = px + 0.5f - cx;
                float d2 = dx * dx + dy * dy;
                if (d2 >= outer * outer) continue;
                float cover = outer - MathF.Sqrt(d2);
                int a = cover >= 1 ? alpha : (int)(alpha * cover);
                if (a <= 0) continue;
                ref uint dst = ref pixels[row + px];
                uint d = dst;
                uint ia = (uint)(255 - a), ua = (uint)a;
                uint r = (sr * ua + (d & 0xFF) * ia + 127) / 255;
                uint g = (sg * ua + ((d >> 8) & 0xFF) * ia + 127) / 255;
                uint b = (sb * ua + ((d >> 16) & 0xFF) * ia + 127) / 255;
                dst = r | g << 8 | b << 16 | 0xFF000000u;
            }
        }
    }
}
