using SkiaSharp;

namespace TrackPipeline.Tests.Rendering;

public static class ImageChecks
{
    /// <summary>Pixels that differ from white by more than a little.</summary>
    public static int NonBackground(SKBitmap bitmap)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red < 240 || c.Green < 240 || c.Blue < 240) n++;
            }
        return n;
    }

    /// <summary>Fraction of pixels whose largest channel difference exceeds <paramref name="channelTolerance"/>.</summary>
    public static double DifferentFraction(SKBitmap a, SKBitmap b, int channelTolerance)
    {
        Assert.Equal(a.Width, b.Width);
        Assert.Equal(a.Height, b.Height);
        long diff = 0;
        for (int y = 0; y < a.Height; y++)
            for (int x = 0; x < a.Width; x++)
            {
                var p = a.GetPixel(x, y); var q = b.GetPixel(x, y);
                int d = Math.Max(Math.Abs(p.Red - q.Red), Math.Max(Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue)));
                if (d > channelTolerance) diff++;
            }
        return diff / (double)(a.Width * a.Height);
    }

    /// <summary>
    /// Pixels in <paramref name="region"/> whose colour is one of the colormap's (within the shift of the points' 92 % opacity over a grey pane): charge, not
    /// background, panes, grid, text or the truth markers' colours.
    /// </summary>
    /// <param name="also">Other charge colours (the detached clusters' teal).</param>
    public static int ChargePixels(SKBitmap bitmap, SKRectI region, TrackPipeline.Rendering.Colormap colormap, params SKColor[] also)
    {
        var palette = Palette(colormap, also);
        int n = 0;
        for (int y = Math.Max(0, region.Top); y < Math.Min(bitmap.Height, region.Bottom); y++)
            for (int x = Math.Max(0, region.Left); x < Math.Min(bitmap.Width, region.Right); x++)
                if (IsCharge(bitmap.GetPixel(x, y), palette)) n++;
        return n;
    }

    /// <summary>Bounding box of the <see cref="ChargePixels"/> of <paramref name="region"/> (empty when there are none).</summary>
    public static SKRectI ChargeBounds(SKBitmap bitmap, SKRectI region, TrackPipeline.Rendering.Colormap colormap, params SKColor[] also)
    {
        var palette = Palette(colormap, also);
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = int.MinValue, y1 = int.MinValue;
        for (int y = Math.Max(0, region.Top); y < Math.Min(bitmap.Height, region.Bottom); y++)
            for (int x = Math.Max(0, region.Left); x < Math.Min(bitmap.Width, region.Right); x++)
            {
                if (!IsCharge(bitmap.GetPixel(x, y), palette)) continue;
                x0 = Math.Min(x0, x); x1 = Math.Max(x1, x); y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
            }
        return x0 > x1 ? SKRectI.Empty : new SKRectI(x0, y0, x1 + 1, y1 + 1);
    }

    private static SKColor[] Palette(TrackPipeline.Rendering.Colormap colormap, SKColor[] also)
    {
        var palette = new SKColor[TrackPipeline.Rendering.Colormap.Size + also.Length];
        for (int i = 0; i < TrackPipeline.Rendering.Colormap.Size; i++) palette[i] = colormap.ColorAt(i);
        also.CopyTo(palette, TrackPipeline.Rendering.Colormap.Size);
        return palette;
    }

    private static bool IsCharge(SKColor c, SKColor[] palette)
    {
        if (Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) < 60) return false;   // greys: panes, grid, text
        foreach (var p in palette)
            if (Math.Abs(p.Red - c.Red) + Math.Abs(p.Green - c.Green) + Math.Abs(p.Blue - c.Blue) <= 45) return true;
        return false;
    }
}
