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
}
