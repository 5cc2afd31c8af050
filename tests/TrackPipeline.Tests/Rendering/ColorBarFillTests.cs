using SkiaSharp;
using TrackPipeline.Rendering;
using Xunit;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The colour bar written straight into the pixels is the bar Skia's 256 non-anti-aliased DrawRect calls drew, pixel for
/// pixel, at the fractional positions and widths the panels give it (a cheaper bar must not move a step's edge).
/// </summary>
public sealed class ColorBarFillTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void Bar_filled_in_place_equals_Skias_rect_fills(int seed, bool clipped)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 300; trial++)
        {
            // Bars as the 3D panels place them: 0.64 of a 130-1300 px panel wide, anywhere, at any sub-pixel offset.
            float width = 80 + (float)random.NextDouble() * 800, left = (float)random.NextDouble() * 400 - 20;
            float top = (float)random.NextDouble() * 200, height = 3 + (float)random.NextDouble() * 20;
            var bar = new SKRect(left, top, left + width, top + height);
            var colormap = trial % 2 == 0 ? Colormap.Plasma : Colormap.Viridis;
            using var skia = TrackRenderer.NewBitmap(1000, 260);
            using var direct = TrackRenderer.NewBitmap(1000, 260);
            using (var canvas = new SKCanvas(skia))
            {
                canvas.Clear(SKColors.White);
                if (clipped) canvas.ClipRect(new SKRect(150, 40, 700, 230));
                using var paint = new SKPaint { IsAntialias = false };
                float w = bar.Width / Colormap.Size;
                for (int i = 0; i < Colormap.Size; i++)
                {
                    paint.Color = colormap.ColorAt(i);
                    canvas.DrawRect(bar.Left + i * w, bar.Top, w + 0.6f, bar.Height, paint);
                }
            }
            using (var canvas = new SKCanvas(direct))
            {
                canvas.Clear(SKColors.White);
                if (clipped) canvas.ClipRect(new SKRect(150, 40, 700, 230));
                Assert.True(ColorBarFill.TryFill(direct, canvas, bar, colormap));
            }
            Assert.True(skia.GetPixelSpan().SequenceEqual(direct.GetPixelSpan()), $"trial {trial}: bar {bar} differs from Skia's");
        }
    }

    [Fact]
    public void A_transformed_canvas_is_left_to_Skia()
    {
        using var bitmap = TrackRenderer.NewBitmap(200, 100);
        using var canvas = new SKCanvas(bitmap);
        canvas.Translate(10, 5);
        Assert.False(ColorBarFill.TryFill(bitmap, canvas, new SKRect(10, 10, 150, 20), Colormap.Plasma));
    }
}
