using System.Runtime.InteropServices;
using System.Security.Cryptography;
using SkiaSharp;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Two runs' outputs compared picture by picture (mode <c>output-pixels A B</c>): every PNG under A (any depth) is looked
/// for at the same relative path under B; each pair is byte-equal, pixel-equal (same size and RGBA after decoding, other
/// bytes) or different, with how many pixels differ and by how many levels at most (any channel). Other files (pages,
/// tables, run.json) are counted byte-equal or not. Prints one line per picture that differs and a summary; exit 1 when a
/// picture's pixels differ or one is missing (a cut meant to keep the pictures fails the check). Nothing is written.
/// </summary>
internal static class OutputPictureDiff
{
    public static int Run(string a, string b, TextWriter output)
    {
        int bytesEqual = 0, pixelsEqual = 0, different = 0, missing = 0, otherEqual = 0, otherDifferent = 0;
        long changedPixels = 0, totalPixels = 0;
        int worst = 0;
        var histogram = new long[256];
        foreach (var fa in Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(a, fa);
            var fb = Path.Combine(b, rel);
            bool png = fa.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
            if (!File.Exists(fb))
            {
                if (png) { missing++; output.WriteLine($"{rel}: missing in B"); }
                continue;
            }
            bool same = SHA256.HashData(File.ReadAllBytes(fa)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(fb)));
            if (!png) { if (same) otherEqual++; else otherDifferent++; continue; }
            if (same) { bytesEqual++; continue; }
            using var x = Decode(fa);
            using var y = Decode(fb);
            if (x.Width != y.Width || x.Height != y.Height)
            {
                different++;
                output.WriteLine($"{rel}: size {x.Width}x{x.Height} -> {y.Width}x{y.Height}");
                continue;
            }
            var px = MemoryMarshal.Cast<byte, uint>(x.GetPixelSpan());
            var py = MemoryMarshal.Cast<byte, uint>(y.GetPixelSpan());
            long changed = 0;
            int pictureWorst = 0;
            for (int i = 0; i < px.Length; i++)
            {
                if (px[i] == py[i]) continue;
                int d = 0;
                for (int shift = 0; shift < 32; shift += 8)
                    d = Math.Max(d, Math.Abs((int)(px[i] >> shift & 0xFF) - (int)(py[i] >> shift & 0xFF)));
                changed++;
                histogram[d]++;
                pictureWorst = Math.Max(pictureWorst, d);
            }
            totalPixels += px.Length;
            if (changed == 0) { pixelsEqual++; continue; }
            different++;
            changedPixels += changed;
            worst = Math.Max(worst, pictureWorst);
            output.WriteLine($"{rel}: {changed:N0} of {px.Length:N0} pixels differ, at most {pictureWorst} levels");
        }
        output.WriteLine($"PNG: {bytesEqual} byte-equal, {pixelsEqual} pixel-equal (other bytes), {different} differ, {missing} missing in B; other files: {otherEqual} equal, {otherDifferent} differ");
        if (different > 0)
        {
            output.WriteLine($"changed pixels: {changedPixels:N0} (largest difference {worst} levels); by largest channel difference:");
            for (int d = 1; d < 256; d++)
                if (histogram[d] > 0) output.WriteLine($"  {d} levels: {histogram[d]:N0}");
        }
        return different > 0 || missing > 0 ? 1 : 0;
    }

    private static SKBitmap Decode(string path)
    {
        // One layout for both (a decoder may hand back BGRA): RGBA, unpremultiplied.
        using var codec = SKCodec.Create(path) ?? throw new InvalidDataException($"{path}: not a picture Skia can decode");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        return SKBitmap.Decode(codec, info) ?? throw new InvalidDataException($"{path}: not decoded");
    }
}
