using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// An opaque picture scaled bilinearly into a rectangle of another, straight into its pixels: what
/// <c>DrawImage(image, rect, Linear)</c> draws (the rect's edges rounded to whole pixels, each pixel centre mapped back into
/// the source and its four nearest source pixels weighted, edges clamped), in floats where Skia's 16-bit pipeline rounds its
/// weights, so a pixel may differ by a level or two. The contact sheets fit every kept thumbnail this way; through Skia
/// (decode to BGRA, then its shader pipeline a pixel at a time) that was ~0.3 CPU-s of a sample run's gallery
/// (docs/benchmarks/rendering.md, Round 9).
/// </summary>
internal static class BilinearFit
{
    /// <summary>Draws <paramref name="source"/> into <paramref name="to"/> (px of <paramref name="target"/>) when the canvas
    /// draws untransformed into a rectangular clip and both pictures are 8-bit RGBA / BGRA, the source opaque; false otherwise.</summary>
    public static bool TryDraw(SKBitmap target, SKCanvas canvas, SKBitmap source, SKRect to)
    {
        if (!canvas.TotalMatrix.IsIdentity || !canvas.IsClipRect || target.ColorType != SKColorType.Rgba8888) return false;
        if (source.AlphaType != SKAlphaType.Opaque || source.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888)) return false;
        if (source.Width == 0 || source.Height == 0 || !(to.Width > 0) || !(to.Height > 0)) return true;
        var clip = canvas.DeviceClipBounds;
        int left = Math.Max(Math.Max(0, clip.Left), Round(to.Left)), right = Math.Min(Math.Min(target.Width, clip.Right), Round(to.Right));
        int top = Math.Max(Math.Max(0, clip.Top), Round(to.Top)), bottom = Math.Min(Math.Min(target.Height, clip.Bottom), Round(to.Bottom));
        if (left >= right || top >= bottom) return true;
        int sw = source.Width, sh = source.Height, cols = right - left;
        float kx = sw / to.Width, ky = sh / to.Height;
        bool swap = source.ColorType == SKColorType.Bgra8888;
        var src = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
        var dst = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
        int srcStride = source.RowBytes / 4, dstStride = target.RowBytes / 4;
        if (kx == 1 && ky == 1 && to.Left == MathF.Floor(to.Left) && to.Top == MathF.Floor(to.Top))
        {
            // At its own size on whole pixels every tap weight is 0 and Mix returns the first tap: the same bytes as a copy
            // (the sheets draw kept thumbnails this way: docs/benchmarks/rendering.md, round 13).
            int dx = (int)to.Left, dy = (int)to.Top;
            for (int py = top; py < bottom; py++)
            {
                var from = src.Slice((py - dy) * srcStride + (left - dx), cols);
                var row = dst.Slice(py * dstStride + left, cols);
                if (swap)
                    for (int c = 0; c < cols; c++) { uint p = from[c]; row[c] = (p & 0x0000FF00u) | (p >> 16 & 0xFFu) | (p & 0xFFu) << 16 | 0xFF000000u; }
                else
                    for (int c = 0; c < cols; c++) row[c] = from[c] | 0xFF000000u;
            }
            return true;
        }
        // Each column's two source columns and the weight of the right one, once for all rows.
        var x0 = ArrayPool<int>.Shared.Rent(cols);
        var x1 = ArrayPool<int>.Shared.Rent(cols);
        var wx = ArrayPool<float>.Shared.Rent(cols);
        try
        {
            for (int c = 0; c < cols; c++) Taps((left + c + 0.5f - to.Left) * kx - 0.5f, sw, out x0[c], out x1[c], out wx[c]);
            for (int py = top; py < bottom; py++)
            {
                Taps((py + 0.5f - to.Top) * ky - 0.5f, sh, out int y0, out int y1, out float wy);
                var upper = src.Slice(y0 * srcStride, sw);
                var lower = src.Slice(y1 * srcStride, sw);
                var row = dst.Slice(py * dstStride + left, cols);
                var fy = Vector128.Create(wy);
                for (int c = 0; c < cols; c++)
                {
                    uint a = upper[x0[c]], b = upper[x1[c]], d = lower[x0[c]], e = lower[x1[c]];
                    // Four equal taps (the white around a track, most of a thumbnail) mix to that pixel exactly: every
                    // difference in Mix is 0, and v + 0.5 truncates to v. Skipping the float work there halved the fit's CPU.
                    uint mixed = a == b && a == d && a == e ? a : Mix(a, b, d, e, Vector128.Create(wx[c]), fy);
                    // A BGRA source (as Skia decodes a PNG here) lands in the RGBA sheet with red and blue exchanged; opaque.
                    row[c] = (swap ? (mixed & 0x0000FF00u) | (mixed >> 16 & 0xFFu) | (mixed & 0xFFu) << 16 : mixed & 0x00FFFFFFu) | 0xFF000000u;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(x0);
            ArrayPool<int>.Shared.Return(x1);
            ArrayPool<float>.Shared.Return(wx);
        }
        return true;
    }

    /// <summary>The two source pixels around coordinate <paramref name="u"/> (pixel centres at integers), clamped to the picture, and the second's weight.</summary>
    private static void Taps(float u, int size, out int first, out int second, out float weight)
    {
        float f = MathF.Floor(u);
        weight = u - f;
        first = Math.Clamp((int)f, 0, size - 1);
        second = Math.Clamp((int)f + 1, 0, size - 1);
    }

    /// <summary>
    /// The four taps weighted, every channel at once: per channel exactly the float operations of one channel at a time
    /// (upper = a + (b - a) fx, lower = d + (e - d) fx, upper + (lower - upper) fy + 0.5, truncated), so the same bytes; one
    /// channel at a time through shifts and masks this was ~0.4 CPU-s of a sample run's gallery (docs/benchmarks/rendering.md, Round 10).
    /// </summary>
    private static uint Mix(uint a, uint b, uint d, uint e, Vector128<float> fx, Vector128<float> fy)
    {
        Vector128<float> ca = Channels(a), cb = Channels(b), cd = Channels(d), ce = Channels(e);
        var upper = ca + (cb - ca) * fx;
        var lower = cd + (ce - cd) * fx;
        var level = Vector128.ConvertToInt32(upper + (lower - upper) * fy + Vector128.Create(0.5f));
        var bytes = Vector128.Narrow(Vector128.Narrow(level, level).AsUInt16(), Vector128<ushort>.Zero);
        return bytes.AsUInt32().ToScalar();
    }

    /// <summary>A pixel's four 8-bit channels as floats.</summary>
    private static Vector128<float> Channels(uint pixel) =>
        Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(Vector128.CreateScalarUnsafe(pixel).AsByte())).AsInt32());

    /// <summary>Skia's rounding of a rect edge to a pixel boundary (SkScalarRoundToInt: floor(x + 0.5) in float).</summary>
    private static int Round(float x) => (int)MathF.Floor(x + 0.5f);
}
