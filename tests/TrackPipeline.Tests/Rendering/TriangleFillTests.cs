using System.Runtime.InteropServices;
using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The readout panel's voxel faces are filled by <see cref="TriangleFill"/> instead of Skia's <c>DrawVertices</c>: the same
/// pixels, or the pictures change. Batches of seeded random triangles (0.3-7 px, the voxel faces' sizes, overlapping, some
/// slivers with no pixel centre) under a fractional clip rectangle, drawn by Skia and by the managed fill on white.
/// </summary>
public sealed class TriangleFillTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Triangles_fill_the_pixels_skias_draw_vertices_fills(int seed)
    {
        const int size = 300, batches = 60, triangles = 80;
        var random = new Random(seed);
        int painted = 0;
        for (int batch = 0; batch < batches; batch++)
        {
            using var skia = TrackRenderer.NewBitmap(size, size);
            using var managed = TrackRenderer.NewBitmap(size, size);
            skia.Erase(SKColors.White);
            managed.Erase(SKColors.White);
            var points = new SKPoint[3 * triangles];
            var colors = new SKColor[3 * triangles];
            for (int t = 0; t < triangles; t++)
            {
                float cx = (float)random.NextDouble() * size, cy = (float)random.NextDouble() * size, s = 0.3f + 7 * (float)random.NextDouble();
                var colour = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                for (int k = 0; k < 3; k++)
                {
                    points[3 * t + k] = new SKPoint(cx + s * (2 * (float)random.NextDouble() - 1), cy + s * (2 * (float)random.NextDouble() - 1));
                    colors[3 * t + k] = colour;
                }
            }
            var clip = new SKRect(20 + 60 * (float)random.NextDouble(), 20 + 60 * (float)random.NextDouble(),
                220 + 60 * (float)random.NextDouble(), 220 + 60 * (float)random.NextDouble());
            using (var canvas = new SKCanvas(skia))
            using (var paint = new SKPaint { IsAntialias = true, Color = SKColors.White })
            {
                canvas.ClipRect(clip);
                canvas.DrawVertices(SKVertexMode.Triangles, points, null, colors, paint);
            }
            var pixels = MemoryMarshal.Cast<byte, uint>(managed.GetPixelSpan());
            var box = TriangleFill.ClipOf(clip, size, size);
            for (int t = 0; t < triangles; t++)
            {
                var c = colors[3 * t];
                uint rgba = (uint)(c.Red | c.Green << 8 | c.Blue << 16) | 0xFF000000u;
                TriangleFill.Fill(pixels, managed.RowBytes / 4, box, points[3 * t], points[3 * t + 1], points[3 * t + 2], rgba);
            }
            var expected = MemoryMarshal.Cast<byte, uint>(skia.GetPixelSpan());
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(expected[i] == pixels[i], $"batch {batch}: pixel ({i % size}, {i / size}) is {pixels[i]:X8}, Skia drew {expected[i]:X8}");
                if (expected[i] != 0xFFFFFFFFu) painted++;
            }
        }
        Assert.True(painted > 10_000, $"only {painted} pixels painted: the triangles missed the clip");
    }
}
