using SkiaSharp;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Round 12: the thumbnails on a sheet (electrons | photons, contact sheets, comparisons) are each framed on their own
/// track, 13 mm beside 540 mm at 50 MeV; every 3D panel now carries a scale bar of a round length. Checked on the drawn
/// pixels against a generated straight track of known length lying in the plane of the picture.
/// </summary>
public sealed class ScaleBarTests
{
    private static readonly TrackRenderer Renderer = new(Colormap.Plasma, Fonts.SansSerif);

    /// <summary>
    /// A straight track 0.75 of the frame long along the default view's screen horizontal (azimuth -60 deg: (cos 30, sin 30, 0)),
    /// drawn as a 600 px thumbnail: the bar's pixels per mm (its drawn length over a 1, 2 or 5 x 10^k length) are the
    /// track's, within 6 %, and the bar is a sensible fraction of the frame. Without a bar, or with a bar of the wrong
    /// length, no round length fits.
    /// </summary>
    [Theory]
    [InlineData(1.0)]      // um frame
    [InlineData(40.0)]     // a V frame
    [InlineData(400.0)]    // a brem electron's frame
    public void The_bar_has_the_pictures_scale(double sideMm)
    {
        double length = 0.75 * sideMm;
        var along = new Vec3(Math.Cos(Math.PI / 6), Math.Sin(Math.PI / 6), 0);
        int n = 3000;
        var x = new float[n]; var y = new float[n]; var z = new float[n]; var q = new float[n];
        for (int i = 0; i < n; i++)
        {
            var p = (length * (i / (double)(n - 1) - 0.5)) * along;
            (x[i], y[i], z[i], q[i]) = ((float)p.X, (float)p.Y, (float)p.Z, 50);
        }
        var frame = new PictureFrame(Vec3.Zero, sideMm, "main cluster");
        var unit = LengthUnit.For(frame, Shipped.Images);
        var sheet = new TrackSheet { Title = "a straight track", Raw = new TrackScene("raw", x, y, z, q, n), Frame = frame, Unit = unit };
        using var bitmap = Renderer.RenderThumbnail(sheet, 600, truth: false);

        // The track: its charge's width on screen, less one point's diameter (2.3 px x ui 1.5 each side).
        var track = ImageChecks.ChargeBounds(bitmap, new SKRectI(0, 0, bitmap.Width, bitmap.Height - 80), Colormap.Plasma);
        double pxPerMm = (track.Width - 7) / length;
        Assert.True(pxPerMm > 0, $"no track drawn ({track})");

        // The bar: the longest dark horizontal run left of the colour bar (which starts at 0.18 of the width), above its label.
        var (barPx, row) = LongestDarkRun(bitmap, new SKRectI(0, bitmap.Height - 72, (int)(0.18 * bitmap.Width), bitmap.Height - 44));
        Assert.True(barPx >= 20, $"no scale bar in a {sideMm} mm frame (longest dark run {barPx} px at row {row})");
        // The run includes the end ticks' stroke (1.5 px x ui, half of it past each end).
        double barUnits = (barPx - 2) / pxPerMm * unit.PerMm;
        double decade = Math.Pow(10, Math.Floor(Math.Log10(barUnits) + 0.05));
        double nearest = new[] { 1, 2, 5, 10 }.Select(m => m * decade).MinBy(v => Math.Abs(v - barUnits));
        Assert.True(Math.Abs(barUnits - nearest) < 0.06 * nearest,
            $"a {sideMm} mm frame: the bar is {barPx} px = {barUnits:0.###} {unit.Name} at the track's {pxPerMm:0.###} px/mm, no round length");
        double barMm = nearest / unit.PerMm;
        Assert.True(barMm > sideMm / 40 && barMm < sideMm, $"a {barMm} mm bar in a {sideMm} mm frame");
    }

    [Theory]
    [InlineData(10.0, 100.0, 10.0)]
    [InlineData(10.0, 99.0, 5.0)]
    [InlineData(0.5, 30.0, 50.0)]
    [InlineData(3.0, 40.0, 10.0)]
    public void The_longest_round_length_that_fits_is_chosen(double pxPerUnit, double maxPx, double expected) =>
        Assert.Equal(expected, TrackRenderer.ScaleBarLength(pxPerUnit, maxPx)!.Value, 9);

    private static (int Length, int Row) LongestDarkRun(SKBitmap bitmap, SKRectI region)
    {
        int best = 0, bestRow = -1;
        for (int py = region.Top; py < region.Bottom; py++)
        {
            int run = 0;
            for (int px = region.Left; px < region.Right; px++)
            {
                var c = bitmap.GetPixel(px, py);
                run = c.Red < 110 && c.Green < 110 && c.Blue < 110 ? run + 1 : 0;
                if (run > best) (best, bestRow) = (run, py);
            }
        }
        return (best, bestRow);
    }
}
