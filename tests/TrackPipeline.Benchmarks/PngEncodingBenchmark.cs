using System.Diagnostics;
using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// PNG encoding of the pictures a run drew (mode <c>png OUT</c>): every PNG below <c>OUT/images</c> decoded once, then
/// re-encoded with each candidate setting, one core, so the encoders compare on the same real pictures
/// (docs/benchmarks/rendering.md). Each variant must give back the same pixels.
/// </summary>
internal static class PngEncodingBenchmark
{
    public static int Run(string outputRoot, TextWriter output)
    {
        var files = Directory.EnumerateFiles(Path.Combine(outputRoot, "images"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var bitmaps = files.Select(f =>
        {
            using var decoded = SKBitmap.Decode(f);
            var b = TrackRenderer.NewBitmap(decoded.Width, decoded.Height);
            decoded.CopyTo(b, SKColorType.Rgba8888);
            using var canvas = new SKCanvas(b);
            using var image = SKImage.FromBitmap(decoded);
            canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
            return b;
        }).ToList();
        long pixels = bitmaps.Sum(b => (long)b.Width * b.Height);
        output.WriteLine($"{bitmaps.Count} pictures, {pixels / 1e6:F1} M pixels, {files.Sum(f => new FileInfo(f).Length) / 1e6:F1} MB as written");
        var variants = new (string Name, Func<SKBitmap, byte[]> Encode)[]
        {
            ("skia RGBA premul, Sub, zlib 3 (before)", b => Skia(b, SKAlphaType.Premul, SKPngEncoderFilterFlags.Sub, 3)),
            ("skia RGB (opaque), Sub, zlib 1", b => Skia(b, SKAlphaType.Opaque, SKPngEncoderFilterFlags.Sub, 1)),
            ("PngEncoder (RGB, no filter, zlib-ng level 2)", TrackRenderer.EncodePng),
        };
        foreach (var (name, encode) in variants)
        {
            for (int rep = 0; rep < 2; rep++)
            {
                long bytes = 0;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                foreach (var b in bitmaps) bytes += encode(b).Length;
                sw.Stop();
                var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                output.WriteLine($"{name}: {sw.Elapsed.TotalMilliseconds:F0} ms wall, {used.TotalMilliseconds:F0} ms CPU, {bytes / 1e6:F2} MB");
            }
            // Same pixels back.
            var again = encode(bitmaps[0]);
            using var check = SKBitmap.Decode(again);
            using var converted = new SKBitmap(new SKImageInfo(check.Width, check.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            check.CopyTo(converted, SKColorType.Rgba8888);
            using (var canvas = new SKCanvas(converted))
            using (var image = SKImage.FromBitmap(check)) canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
            bool same = converted.GetPixelSpan().SequenceEqual(bitmaps[0].GetPixelSpan());
            output.WriteLine($"  same pixels: {same}");
        }
        return 0;
    }

    private static byte[] Skia(SKBitmap bitmap, SKAlphaType alpha, SKPngEncoderFilterFlags filter, int zlib)
    {
        var info = new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, alpha);
        using var pixmap = new SKPixmap(info, bitmap.GetPixels(), bitmap.RowBytes);
        using var data = pixmap.Encode(new SKPngEncoderOptions(filter, zlib)) ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }
}
