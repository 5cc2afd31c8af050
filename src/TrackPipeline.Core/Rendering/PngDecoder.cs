using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// Reads back the pictures <see cref="PngEncoder"/> wrote (8-bit RGB, not interlaced, every row unfiltered) into an opaque
/// RGBA bitmap, inflated by the runtime's zlib-ng: the gallery reads every kept thumbnail and each quest winner's picture
/// this way. Skia's decoder (libpng, Chromium's zlib, then RGB to BGRA a row at a time) was ~1 % of a sample run's CPU
/// (docs/benchmarks/rendering.md, Round 11). Anything else (another colour type, a filtered row, a damaged file) is left to
/// Skia's decoder, which reads every PNG; what neither reads is an <see cref="InvalidDataException"/> saying why.
/// </summary>
internal static class PngDecoder
{
    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// The picture at <paramref name="path"/> as a bitmap. The file is whatever is on disk, so what is not a picture is an
    /// <see cref="InvalidDataException"/> naming the problem (an empty file, not a picture Skia reads, a header asking for more
    /// pixels than memory holds), besides the <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> of a file
    /// that cannot be read: the gallery makes each a warning and a missing cell (<see cref="Gallery"/>, breaker 11 F1: Skia's
    /// byte-array decoder throws where its path overload, used until session 25, returned null).
    /// </summary>
    public static SKBitmap Decode(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length == 0) throw new InvalidDataException("empty file");
        if (TryDecodeRgb(file) is { } ours) return ours;
        // Not one of the pipeline's own pictures: Skia's decoder, which has no codec for a non-picture file.
        using var data = SKData.CreateCopy(file);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("not a picture Skia can read");
        // SKBitmap.Decode(codec), with the allocation's failure said (its constructor throws a bare Exception).
        var info = codec.Info;
        if (info.AlphaType == SKAlphaType.Unpremul) info.AlphaType = SKAlphaType.Premul;
        info.ColorSpace = null;
        var bitmap = Allocate(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput) return bitmap;
        bitmap.Dispose();
        throw new InvalidDataException($"not a picture Skia can read ({codec.EncodedFormat}, {result})");
    }

    /// <summary>A bitmap of <paramref name="info"/>'s size, or an <see cref="InvalidDataException"/> when memory does not hold it.</summary>
    private static SKBitmap Allocate(SKImageInfo info)
    {
        var bitmap = new SKBitmap();
        if (bitmap.TryAllocPixels(info)) return bitmap;
        bitmap.Dispose();
        throw new InvalidDataException($"a header asking for {info.Width} x {info.Height} pixels, more than memory holds");
    }

    /// <summary>An 8-bit RGB PNG with unfiltered rows as an opaque RGBA bitmap; null for any other PNG or a damaged one.</summary>
    internal static SKBitmap? TryDecodeRgb(byte[] file)
    {
        var span = file.AsSpan();
        if (span.Length < 8 + 25 || !span[..8].SequenceEqual(Signature)) return null;
        // IHDR first (PNG spec 5.6): width, height, bit depth 8, colour type 2 (RGB), deflate, filter method 0, no interlace.
        if (BinaryPrimitives.ReadInt32BigEndian(span[8..]) != 13 || !span.Slice(12, 4).SequenceEqual("IHDR"u8)) return null;
        var header = span.Slice(16, 13);
        int width = BinaryPrimitives.ReadInt32BigEndian(header), height = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (width is <= 0 or > 1 << 15 || height is <= 0 or > 1 << 15) return null;
        if (header[8] != 8 || header[9] != 2 || header[10] != 0 || header[11] != 0 || header[12] != 0) return null;

        // The IDAT chunks' data, in order (the encoder writes one; a PNG may split it across several).
        var idat = new MemoryStream();
        int at = 8 + 25;
        bool ended = false;
        while (at + 12 <= span.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            if (length < 0 || at + 12L + length > span.Length) return null;
            var type = span.Slice(at + 4, 4);
            if (type.SequenceEqual("IDAT"u8)) idat.Write(file, at + 8, length);
            else if (type.SequenceEqual("IEND"u8)) { ended = true; break; }
            at += 12 + length;
        }
        if (!ended || idat.Length == 0) return null;
        idat.Position = 0;

        int rowBytes = 1 + 3 * width;
        var row = ArrayPool<byte>.Shared.Rent(rowBytes);
        var bitmap = Allocate(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        try
        {
            var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
            int stride = bitmap.RowBytes / 4;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            for (int y = 0; y < height; y++)
            {
                z.ReadExactly(row, 0, rowBytes);
                if (row[0] != 0) { bitmap.Dispose(); return null; }   // a filtered row: not one of ours
                ToRgba(row.AsSpan(1, rowBytes - 1), pixels.Slice(y * stride, width));
            }
            // Read to the end: zlib checks the data's Adler-32 there (a damaged stream throws), and more data than the rows
            // is not a picture of ours.
            if (z.Read(row, 0, 1) != 0) { bitmap.Dispose(); return null; }
            return bitmap;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            bitmap.Dispose();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
    }

    /// <summary>One row of RGB bytes as opaque RGBA pixels (R in the low byte), four pixels a step with a byte shuffle.</summary>
    private static void ToRgba(ReadOnlySpan<byte> rgb, Span<uint> rgba)
    {
        int n = rgba.Length, x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            // Bytes 0-2, 3-5, 6-8, 9-11 of four pixels into lanes 0-2, 4-6, 8-10, 12-14; alpha set below. A step reads 16
            // bytes for the 12 it uses, so the vector loop stops while 16 remain.
            var pick = Vector128.Create((byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80);
            var alpha = Vector128.Create(0xFF000000u).AsByte();
            // Plain unaligned loads and stores: the span-taking Vector128.Create stayed a call in the ReadyToRun code the
            // gallery runs before the method is compiled again.
            ref byte source = ref MemoryMarshal.GetReference(rgb);
            ref byte destination = ref Unsafe.As<uint, byte>(ref MemoryMarshal.GetReference(rgba));
            for (; x + 4 <= n && 3 * x + 16 <= rgb.Length; x += 4)
                (Vector128.Shuffle(Vector128.LoadUnsafe(ref source, (nuint)(3 * x)), pick) | alpha).StoreUnsafe(ref destination, (nuint)(4 * x));
        }
        for (int k = 3 * x; x < n; x++, k += 3)
            rgba[x] = rgb[k] | (uint)rgb[k + 1] << 8 | (uint)rgb[k + 2] << 16 | 0xFF000000u;
    }
}
