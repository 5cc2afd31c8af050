using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The drifted panel is coloured by the charge each canvas pixel collects: a dense drifted track's core (many clumps per
/// pixel) must read brighter than its diffusion halo (a clump or two per pixel). Coloured per clump, every clump of a
/// 20-50 MeV track (1-12 e- each) came out yellow, core and halo alike.
/// </summary>
public sealed class DriftedPanelTests
{
    private const int Width = 1200, Height = 900;

    /// <summary>
    /// A straight 10 mm track drifted into 150k clumps of 10 e- each (one charge: per clump there is nothing to tell
    /// apart): three quarters in a 0.1 mm core, a quarter in a 1.5 mm halo. Seeded, so the picture is fixed.
    /// </summary>
    private static TrackScene DenseDriftedTrack()
    {
        const int n = 150_000;
        var x = new float[n]; var y = new float[n]; var z = new float[n]; var q = new float[n];
        var random = new Random(20261128);
        for (int i = 0; i < n; i++)
        {
            double sigma = i % 4 == 3 ? 1.5 : 0.1;
            x[i] = (float)(10 * random.NextDouble() - 5);
            y[i] = (float)(sigma * Gauss(random));
            z[i] = (float)(sigma * Gauss(random));
            q[i] = 10;
        }
        return new TrackScene("drifted to the anode", x, y, z, q, n);
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static List<(int X, int Y, int Index)> DriftedPanelCharge(SKBitmap bitmap, Colormap colormap)
    {
        // The top row's middle panel, above its colour bar.
        var found = new List<(int, int, int)>();
        for (int py = 60; py < 480; py++)
            for (int px = Width / 3; px < 2 * Width / 3; px++)
            {
                var c = bitmap.GetPixel(px, py);
                int best = -1, bestD = 25;
                for (int k = 0; k < Colormap.Size; k++)
                {
                    var m = colormap.ColorAt(k);
                    int d = Math.Abs(c.Red - m.Red) + Math.Abs(c.Green - m.Green) + Math.Abs(c.Blue - m.Blue);
                    if (d < bestD) { bestD = d; best = k; }
                }
                if (best >= 0) found.Add((px, py, best));
            }
        return found;
    }

    /// <summary>The deposits the clumps drifted from: the 10 mm line, which sets the picture's frame.</summary>
    private static TrackScene RawLine()
    {
        const int n = 200;
        var x = new float[n]; var q = new float[n];
        for (int i = 0; i < n; i++) { x[i] = -5 + 10f * i / (n - 1); q[i] = 7_500; }
        return new TrackScene("raw deposits", x, new float[n], new float[n], q, n);
    }

    private static TrackSheet Sheet() => new()
    {
        Title = "dense drifted track",
        Raw = RawLine(),
        Drifted = DenseDriftedTrack(),
    };

    [Fact]
    public void A_dense_track_spans_the_colour_scale_not_only_its_top()
    {
        using var bitmap = new TrackRenderer(Colormap.Plasma, null).RenderSheet(Sheet(), Width, Height);
        if (Environment.GetEnvironmentVariable("TRACKPIPELINE_DRIFTED_PNG") is { Length: > 0 } look) File.WriteAllBytes(look, TrackRenderer.EncodePng(bitmap));
        var charge = DriftedPanelCharge(bitmap, Colormap.Plasma);
        Assert.True(charge.Count > 2000, $"only {charge.Count} charge pixels in the drifted panel");
        double top = charge.Count(p => p.Index >= 192) / (double)charge.Count;
        double bottom = charge.Count(p => p.Index <= 128) / (double)charge.Count;
        // Per clump all would be at the top (one charge); per pixel the halo's lone clumps sit in the lower half.
        Assert.True(top > 0.05, $"top quarter of the scale: {top:P1}");
        Assert.True(bottom > 0.2, $"lower half of the scale: {bottom:P1}");
    }

    [Fact]
    public void The_core_is_brighter_than_the_halo()
    {
        using var bitmap = new TrackRenderer(Colormap.Plasma, null).RenderSheet(Sheet(), Width, Height);
        var charge = DriftedPanelCharge(bitmap, Colormap.Plasma);
        // Across the track (the minor axis of the pixels' spread) the bright pixels lie in a band much narrower than the dim ones.
        double bright = MinorSpread(charge.Where(p => p.Index >= 192).ToList());
        double dim = MinorSpread(charge.Where(p => p.Index <= 128).ToList());
        Assert.True(bright < 0.5 * dim, $"bright pixels spread {bright:F1} px across the track, dim ones {dim:F1} px");
    }

    /// <summary>
    /// Round 9 (note-s22 item b): in a 10 mm frame (~40 um a canvas pixel) the halo's pixels hold one or two clumps each
    /// and were drawn as opaque, as loud as the core: a speckle of lone full-colour pixels around the track. With the
    /// shipped look (a density over <c>Images:DriftedDensityCellMm</c>, the scale's lowest half faded) no lone full-colour
    /// pixel is left, and the core still reaches the top of the scale.
    /// </summary>
    [Fact]
    public void The_halo_is_no_speckle_of_lone_full_colour_pixels_in_a_small_frame()
    {
        var options = Shipped.Images;
        var look = new DriftedLook(options.DriftedDensityCellMm, options.DriftedFaintBelow, options.DriftedFaintAlpha);
        var renderer = new TrackRenderer(Colormap.Plasma, null);
        var before = Sheet();
        var after = new TrackSheet { Title = before.Title, Raw = before.Raw, Drifted = before.Drifted, DriftedLook = look };
        using var opaque = renderer.RenderSheet(before, Width, Height);
        using var shipped = renderer.RenderSheet(after, Width, Height);
        if (Environment.GetEnvironmentVariable("TRACKPIPELINE_DRIFTED_PNG") is { Length: > 0 } file) File.WriteAllBytes(file + ".look.png", TrackRenderer.EncodePng(shipped));
        int specksBefore = LoneChargePixels(opaque, Colormap.Plasma), specksAfter = LoneChargePixels(shipped, Colormap.Plasma);
        Assert.True(specksBefore > 200, $"the opaque drawing has only {specksBefore} lone charge pixels: the scene no longer has a speckled halo");
        Assert.True(specksAfter < specksBefore / 10, $"lone full-colour pixels: {specksAfter} (opaque per-pixel drawing: {specksBefore})");
        var charge = DriftedPanelCharge(shipped, Colormap.Plasma);
        Assert.True(charge.Count(p => p.Index >= 224) > 500, "the core no longer reaches the top of the scale");
    }

    /// <summary>Pixels of the drifted panel in a colormap colour with no coloured pixel among their eight neighbours.</summary>
    private static int LoneChargePixels(SKBitmap bitmap, Colormap colormap)
    {
        static bool Coloured(SKColor c) => Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue)) > 40;
        int lone = 0;
        foreach (var (x, y, _) in DriftedPanelCharge(bitmap, colormap))
        {
            bool alone = true;
            for (int dy = -1; dy <= 1 && alone; dy++)
                for (int dx = -1; dx <= 1; dx++)
                    if ((dx != 0 || dy != 0) && Coloured(bitmap.GetPixel(x + dx, y + dy))) { alone = false; break; }
            if (alone) lone++;
        }
        return lone;
    }

    /// <summary>RMS spread (px) along the minor axis of the points' 2x2 covariance.</summary>
    private static double MinorSpread(List<(int X, int Y, int Index)> points)
    {
        Assert.True(points.Count > 100, $"only {points.Count} pixels in the class");
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
        double sxx = points.Average(p => (p.X - mx) * (p.X - mx)), syy = points.Average(p => (p.Y - my) * (p.Y - my));
        double sxy = points.Average(p => (p.X - mx) * (p.Y - my));
        double half = (sxx + syy) / 2, root = Math.Sqrt((sxx - syy) * (sxx - syy) / 4 + sxy * sxy);
        return Math.Sqrt(Math.Max(0, half - root));
    }
}
