using System.Diagnostics;
using System.IO.Compression;
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
    public static int Run(string outputRoot, TextWriter output, params string[] only)
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
            ("PngEncoder as shipped", TrackRenderer.EncodePng),
            // Round 8: zlib-ng's run-length strategy (matches at distance 1 only) with the row filters that turn flat colour into runs.
            ("RGB, no filter, level 1", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.None, 1, ZLibCompressionStrategy.Default))),
            ("RGB, no filter, level 2", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.None, 2, ZLibCompressionStrategy.Default))),
            ("RGB, no filter, RLE", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.None, 2, ZLibCompressionStrategy.RunLengthEncoding))),
            ("RGB, Sub, RLE", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.Sub, 2, ZLibCompressionStrategy.RunLengthEncoding))),
            ("RGB, Up, RLE", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.Up, 2, ZLibCompressionStrategy.RunLengthEncoding))),
            ("RGB, Sub, level 1", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.Sub, 1, ZLibCompressionStrategy.Default))),
            ("RGB, Up, level 2", b => PngEncoder.Encode(b, new PngOptions(PngRowFilter.Up, 2, ZLibCompressionStrategy.Default))),
        };
        // Only the variants named on the command line (a substring of the name), when any are.
        if (only.Length > 0) variants = variants.Where(v => only.Any(o => v.Name.Contains(o, StringComparison.Ordinal))).ToArray();
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
            // Same pixels back, every picture.
            bool same = true;
            foreach (var b in bitmaps)
            {
                using var back = SKBitmap.Decode(encode(b));
                using var asRgba = new SKBitmap(new SKImageInfo(back.Width, back.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
                using (var canvas = new SKCanvas(asRgba))
                using (var image = SKImage.FromBitmap(back)) canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
                same &= asRgba.GetPixelSpan().SequenceEqual(b.GetPixelSpan());
            }
            output.WriteLine($"  same pixels (every picture): {same}");
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
