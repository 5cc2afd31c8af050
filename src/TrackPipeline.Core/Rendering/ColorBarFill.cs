using System.Runtime.InteropServices;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// A colour bar's 256 steps written straight into the bitmap's pixels: the same pixels as 256 non-anti-aliased
/// <c>DrawRect</c> calls of step width + 0.6 px (each step's edges rounded to whole pixels as Skia rounds a rect, a later
/// step over the one before where they meet). Each of those calls chose a blitter and built Skia's raster pipeline for a
/// strip 1-2 px wide: ~0.1 CPU-s of a sample run's sheets and thumbnails, for 256 memory fills (docs/benchmarks/rendering.md, Round 9).
/// </summary>
internal static class ColorBarFill
{
    /// <summary>Fills the bar when the canvas draws untransformed into a rectangular clip; false (nothing drawn) otherwise.</summary>
    public static bool TryFill(SKBitmap bitmap, SKCanvas canvas, SKRect bar, Colormap colormap)
    {
        if (!canvas.TotalMatrix.IsIdentity || !canvas.IsClipRect || bitmap.ColorType != SKColorType.Rgba8888) return false;
        var clip = canvas.DeviceClipBounds;
        int clipLeft = Math.Max(0, clip.Left), clipRight = Math.Min(bitmap.Width, clip.Right);
        int clipTop = Math.Max(0, clip.Top), clipBottom = Math.Min(bitmap.Height, clip.Bottom);
        // The rect each DrawRect(x, y, w, h) call made, SKRect.Create(x, y, w, h), in the same float operations.
        float w = bar.Width / Colormap.Size, height = bar.Height;
        int top = Math.Max(clipTop, Round(bar.Top)), bottom = Math.Min(clipBottom, Round(bar.Top + height));
        if (top >= bottom) return true;
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        int stride = bitmap.RowBytes / 4;
        for (int i = 0; i < Colormap.Size; i++)
        {
            float x = bar.Left + i * w;
            int left = Math.Max(clipLeft, Round(x)), right = Math.Min(clipRight, Round(x + (w + 0.6f)));
            if (left >= right) continue;
            uint rgba = colormap.RgbaAt(i);
            for (int row = top; row < bottom; row++) pixels.Slice(row * stride + left, right - left).Fill(rgba);
        }
        return true;
    }

    /// <summary>Skia's rounding of a rect edge to a pixel boundary (SkScalarRoundToInt: floor(x + 0.5) in float).</summary>
    private static int Round(float x) => (int)MathF.Floor(x + 0.5f);
}
