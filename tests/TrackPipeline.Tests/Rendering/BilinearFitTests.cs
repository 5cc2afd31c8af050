using SkiaSharp;
using TrackPipeline.Rendering;
using Xunit;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// A thumbnail fitted into a contact sheet through <see cref="BilinearFit"/> is the picture Skia's bilinear DrawImage drew:
/// the same pixels covered, each within two levels (Skia rounds its weights to 16 bits), at the scales and sub-pixel
/// offsets the sheets use, clipped or not, from RGBA and BGRA sources.
/// </summary>
public sealed class BilinearFitTests
{
    [Theory]
    [InlineData(1, false, SKColorType.Rgba8888)]
    [InlineData(2, true, SKColorType.Bgra8888)]
    public void Fit_matches_Skias_bilinear_draw(int seed, bool clipped, SKColorType sourceType)
    {
        var random = new Random(seed);
        // A picture with edges and gradients: random blocks over a smooth ramp.
        using var source = new SKBitmap(new SKImageInfo(120, 99, sourceType, SKAlphaType.Opaque));
        for (int y = 0; y < source.Height; y++)
            for (int x = 0; x < source.Width; x++)
                source.SetPixel(x, y, (x / 7 + y / 5) % 3 == 0
                    ? new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256))
                    : new SKColor((byte)(2 * x), (byte)(2 * y), (byte)(x + y)));
        using var image = SKImage.FromBitmap(source);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
        for (int trial = 0; trial < 40; trial++)
        {
            float scale = 0.4f + (float)random.NextDouble() * 0.9f;
            var to = SKRect.Create(3 + (float)random.NextDouble() * 40, 2 + (float)random.NextDouble() * 30, source.Width * scale, source.Height * scale);
            using var skia = TrackRenderer.NewBitmap(200, 170);
            using var direct = TrackRenderer.NewBitmap(200, 170);
            foreach (var (bitmap, ours) in new[] { (skia, false), (direct, true) })
            {
                using var canvas = new SKCanvas(bitmap);
                canvas.Clear(SKColors.White);
                if (clipped) canvas.ClipRect(new SKRect(20, 15, 120, 110));
                if (ours) Assert.True(BilinearFit.TryDraw(bitmap, canvas, source, to));
                else canvas.DrawImage(image, to, sampling);
            }
            int worst = 0;
            for (int y = 0; y < skia.Height; y++)
                for (int x = 0; x < skia.Width; x++)
                {
                    SKColor p = skia.GetPixel(x, y), q = direct.GetPixel(x, y);
                    worst = Math.Max(worst, Math.Max(Math.Abs(p.Red - q.Red), Math.Max(Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue))));
                }
            Assert.True(worst <= 2, $"trial {trial}: scale {scale}, rect {to}: a pixel differs by {worst} levels from Skia's");
        }
    }

    /// <summary>
    /// The fit mixes all channels of the four taps at once (Round 10); each channel must come out exactly as the per-channel
    /// float formula of Round 9 (a + (b - a) fx per row, then + (lower - upper) fy + 0.5, truncated), so the gallery's sheets
    /// keep their bytes. Computed here one channel at a time from the same taps, over random scales and offsets, on random
    /// pixels and on uniform patches (where the fit skips the mixing), and at scale 1 on whole pixels (where it copies).
    /// </summary>
    [Theory]
    [InlineData(3, SKColorType.Rgba8888)]
    [InlineData(4, SKColorType.Bgra8888)]
    public void All_channels_at_once_give_the_bytes_of_one_channel_at_a_time(int seed, SKColorType sourceType)
    {
        var random = new Random(seed);
        using var source = new SKBitmap(new SKImageInfo(97, 80, sourceType, SKAlphaType.Opaque));
        for (int y = 0; y < source.Height; y++)
            for (int x = 0; x < source.Width; x++)
                source.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
        // Uniform patches (white, as around a track, and one colour whose red and blue differ) and their edges: the fit
        // takes a shortcut where all four taps are equal, and it must give the formula's bytes there too.
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++)
                source.SetPixel(x, y, SKColors.White);
        for (int y = 50; y < source.Height; y++)
            for (int x = 60; x < source.Width; x++)
                source.SetPixel(x, y, new SKColor(200, 90, 17));
        for (int trial = 0; trial < 36; trial++)
        {
            float scale = 0.3f + (float)random.NextDouble() * 1.4f;
            var to = SKRect.Create((float)random.NextDouble() * 30, (float)random.NextDouble() * 20, source.Width * scale, source.Height * scale);
            // At its own size on whole pixels (how the sheets draw a kept thumbnail), where the fit copies rows: some trials
            // run past the target's right and bottom edges.
            if (trial >= 30) to = SKRect.Create(random.Next(0, 110), random.Next(0, 95), source.Width, source.Height);
            using var target = TrackRenderer.NewBitmap(180, 150);
            using (var canvas = new SKCanvas(target))
            {
                canvas.Clear(SKColors.White);
                Assert.True(BilinearFit.TryDraw(target, canvas, source, to));
            }
            int left = Round(to.Left), right = Math.Min(target.Width, Round(to.Right));
            int top = Round(to.Top), bottom = Math.Min(target.Height, Round(to.Bottom));
            float kx = source.Width / to.Width, ky = source.Height / to.Height;
            for (int py = top; py < bottom; py++)
                for (int px = left; px < right; px++)
                {
                    var (x0, x1, fx) = Taps((px + 0.5f - to.Left) * kx - 0.5f, source.Width);
                    var (y0, y1, fy) = Taps((py + 0.5f - to.Top) * ky - 0.5f, source.Height);
                    SKColor a = source.GetPixel(x0, y0), b = source.GetPixel(x1, y0), d = source.GetPixel(x0, y1), e = source.GetPixel(x1, y1);
                    var expected = new SKColor(Mix(a.Red, b.Red, d.Red, e.Red, fx, fy), Mix(a.Green, b.Green, d.Green, e.Green, fx, fy),
                        Mix(a.Blue, b.Blue, d.Blue, e.Blue, fx, fy));
                    Assert.Equal(expected, target.GetPixel(px, py));
                }
        }

        static (int, int, float) Taps(float u, int size)
        {
            float f = MathF.Floor(u);
            return (Math.Clamp((int)f, 0, size - 1), Math.Clamp((int)f + 1, 0, size - 1), u - f);
        }
        static byte Mix(float ca, float cb, float cd, float ce, float fx, float fy)
        {
            float upper = ca + (cb - ca) * fx, lower = cd + (ce - cd) * fx;
            return (byte)(uint)(upper + (lower - upper) * fy + 0.5f);
        }
        static int Round(float x) => (int)MathF.Floor(x + 0.5f);
    }

    [Fact]
    public void A_transformed_canvas_or_a_translucent_source_is_left_to_Skia()
    {
        using var target = TrackRenderer.NewBitmap(100, 100);
        using var opaque = new SKBitmap(new SKImageInfo(10, 10, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var translucent = new SKBitmap(new SKImageInfo(10, 10, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(target);
        Assert.False(BilinearFit.TryDraw(target, canvas, translucent, new SKRect(0, 0, 20, 20)));
        canvas.Scale(2);
        Assert.False(BilinearFit.TryDraw(target, canvas, opaque, new SKRect(0, 0, 20, 20)));
    }
}
