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

    /// <summary>
    /// Bounding boxes of the 8-connected groups of pixels in <paramref name="region"/> within <paramref name="tolerance"/>
    /// (per channel) of <paramref name="colour"/>: the rings and charge of detached clusters, one box per drawn cluster.
    /// </summary>
    public static List<SKRectI> Blobs(SKBitmap bitmap, SKRectI region, SKColor colour, int tolerance)
    {
        int x0 = Math.Max(0, region.Left), y0 = Math.Max(0, region.Top), x1 = Math.Min(bitmap.Width, region.Right), y1 = Math.Min(bitmap.Height, region.Bottom);
        int w = x1 - x0, h = y1 - y0;
        var hit = new bool[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = bitmap.GetPixel(x0 + x, y0 + y);
                hit[y * w + x] = Math.Abs(c.Red - colour.Red) <= tolerance && Math.Abs(c.Green - colour.Green) <= tolerance && Math.Abs(c.Blue - colour.Blue) <= tolerance;
            }
        var blobs = new List<SKRectI>();
        var seen = new bool[w * h];
        var stack = new Stack<int>();
        for (int start = 0; start < hit.Length; start++)
        {
            if (!hit[start] || seen[start]) continue;
            int bx0 = int.MaxValue, by0 = int.MaxValue, bx1 = int.MinValue, by1 = int.MinValue;
            stack.Push(start); seen[start] = true;
            while (stack.Count > 0)
            {
                int i = stack.Pop(), px = i % w, py = i / w;
                bx0 = Math.Min(bx0, px); bx1 = Math.Max(bx1, px); by0 = Math.Min(by0, py); by1 = Math.Max(by1, py);
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int nx = px + dx, ny = py + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                        int j = ny * w + nx;
                        if (hit[j] && !seen[j]) { seen[j] = true; stack.Push(j); }
                    }
            }
            blobs.Add(new SKRectI(x0 + bx0, y0 + by0, x0 + bx1 + 1, y0 + by1 + 1));
        }
        return blobs;
    }

    /// <summary>
    /// <see cref="Blobs"/> joined where their boxes come within <paramref name="gap"/> px of each other: an anti-aliased
    /// ring breaks into arcs at the colour tolerance, and the charge inside it is a blob of its own; one group per mark.
    /// </summary>
    public static List<SKRectI> Groups(SKBitmap bitmap, SKRectI region, SKColor colour, int tolerance, int gap)
    {
        var groups = Blobs(bitmap, region, colour, tolerance);
        for (bool merged = true; merged;)
        {
            merged = false;
            for (int i = 0; i < groups.Count && !merged; i++)
                for (int j = i + 1; j < groups.Count; j++)
                {
                    var a = groups[i]; var b = groups[j];
                    if (a.Left - gap > b.Right || b.Left - gap > a.Right || a.Top - gap > b.Bottom || b.Top - gap > a.Bottom) continue;
                    groups[i] = SKRectI.Union(a, b);
                    groups.RemoveAt(j);
                    merged = true;
                    break;
                }
        }
        return groups;
    }
}
