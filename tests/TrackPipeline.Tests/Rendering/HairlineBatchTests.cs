using SkiaSharp;
using TrackPipeline.Rendering;
using Xunit;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Grid lines and ticks drawn through <see cref="HairlineBatch"/> (one Skia call per kind) are the pixels of one
/// <c>DrawLine</c> per line: crossing and touching lines, at the widths the pictures use (0.8 and 1 px: hairlines; 1.2 and
/// 1.5 px in thumbnails: drawn line by line), clipped or not, byte for byte.
/// </summary>
public sealed class HairlineBatchTests
{
    [Theory]
    [InlineData(1, 0.8f, false)]
    [InlineData(2, 1f, true)]
    [InlineData(3, 1.2f, false)]
    [InlineData(4, 1.5f, true)]
    public void Batched_lines_are_the_pixels_of_separate_DrawLine_calls(int seed, float width, bool clipped)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            // Grid-like lines (axis-aligned, sub-pixel positions, sharing end points) and slanted ones (a 3D box's grid).
            var lines = new List<(SKPoint From, SKPoint To)>();
            for (int i = 0; i < 12; i++)
            {
                float x = 10 + (float)random.NextDouble() * 180, y = 10 + (float)random.NextDouble() * 130;
                lines.Add(random.Next(3) switch
                {
                    0 => (new SKPoint(x, 5), new SKPoint(x, 145)),
                    1 => (new SKPoint(5, y), new SKPoint(195, y)),
                    _ => (new SKPoint(x, y), new SKPoint(x + (float)random.NextDouble() * 60 - 30, y + (float)random.NextDouble() * 60 - 30)),
                });
            }
            using var separate = TrackRenderer.NewBitmap(200, 150);
            using var batched = TrackRenderer.NewBitmap(200, 150);
            var colour = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(60, 256));
            foreach (var (bitmap, batch) in new[] { (separate, false), (batched, true) })
            {
                using var canvas = new SKCanvas(bitmap);
                canvas.Clear(SKColors.White);
                if (clipped) canvas.ClipRect(new SKRect(30, 20, 170, 120));
                using var paint = new SKPaint { Color = colour, IsAntialias = true, IsStroke = true, StrokeWidth = width };
                if (batch)
                {
                    using var lineBatch = new HairlineBatch(canvas, paint);
                    foreach (var (from, to) in lines) lineBatch.Line(from, to);
                }
                else
                    foreach (var (from, to) in lines) canvas.DrawLine(from, to, paint);
            }
            Assert.True(separate.GetPixelSpan().SequenceEqual(batched.GetPixelSpan()), $"trial {trial}: width {width}, the batched lines differ");
        }
    }
}
