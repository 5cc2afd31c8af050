using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>PNG row filters (spec 9.2) the encoder can write: the type byte's value.</summary>
internal enum PngRowFilter : byte { None = 0, Sub = 1, Up = 2 }

/// <summary>How <see cref="PngEncoder"/> writes a picture: row filter, zlib-ng level and strategy.</summary>
internal readonly record struct PngOptions(PngRowFilter Filter, int Level, ZLibCompressionStrategy Strategy);

/// <summary>
/// Writes a picture as an 8-bit RGB PNG with no row filter, deflated by the runtime's zlib (zlib-ng since .NET 9).
/// Why not Skia's encoder: its classic zlib at level 3 with the Sub filter on RGBA took 5.4 CPU-s for the 243
/// pictures of a sample run, this 1.3 CPU-s for files 20 % smaller (docs/benchmarks/rendering.md, fifth round).
/// Every picture the pipeline draws is opaque (white background, opaque colours), so the alpha channel would be a
/// quarter of the data for nothing; a picture that is not opaque goes to Skia's encoder, alpha kept.
/// </summary>
public static class PngEncoder
{
    /// <summary>
    /// zlib-ng's level 2: on the sample's pictures level 1 is 10 % quicker but 25 % larger, level 3 no smaller than 2 by
    /// much (3 %) and slower, level 6 twice the time for 7 %. No row filter: with zlib-ng's fast levels the Sub and Up
    /// filters cost time and made larger files (white space compresses best unfiltered).
    /// </summary>
    private const int ZlibLevel = 2;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>What the pipeline's pictures are written with.</summary>
    internal static readonly PngOptions Shipped = new(PngRowFilter.None, ZlibLevel, ZLibCompressionStrategy.Default);

    /// <summary>Encodes a bitmap; opaque Rgba8888 (every picture of the pipeline) is written as RGB.</summary>
    public static byte[] Encode(SKBitmap bitmap) => Encode(bitmap, Shipped);

    /// <summary>Encodes a bitmap with the given row filter and deflate settings (the benchmark compares them; docs/benchmarks/rendering.md).</summary>
    internal static byte[] Encode(SKBitmap bitmap, PngOptions options)
    {
        using var png = new MemoryStream();
        EncodeInto(bitmap, png, options);
        return png.ToArray();
    }

    /// <summary>
    /// Encodes a bitmap into <paramref name="png"/>, which is emptied first and keeps its capacity: the render stage reuses
    /// one stream per worker for every track (a new stream and its copy to an exact array were ~95 MB a sample run,
    /// docs/benchmarks/rendering.md round 18b). The PNG is <c>png.GetBuffer()[..png.Length]</c>.
    /// </summary>
    public static void EncodeInto(SKBitmap bitmap, MemoryStream png) => EncodeInto(bitmap, png, Shipped);

    internal static void EncodeInto(SKBitmap bitmap, MemoryStream png, PngOptions options)
    {
        png.SetLength(0);
        if (bitmap.ColorType == SKColorType.Rgba8888)
        {
            var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
            // Opacity is checked row by row while the rows are converted (one pass over the pixels, not two).
            if (EncodeRgb(pixels, bitmap.Width, bitmap.Height, bitmap.RowBytes / 4, options, png)) return;
            png.SetLength(0);
        }
        png.Write(EncodeWithSkia(bitmap));
    }

    /// <summary>The PNG of an opaque picture written into the empty <paramref name="png"/>; false when a pixel is not opaque (its alpha would be lost).</summary>
    private static bool EncodeRgb(ReadOnlySpan<uint> rgba, int width, int height, int stride, PngOptions options, MemoryStream png)
    {
        int rowBytes = 1 + 3 * width;
        // 16 bytes of slack: the vector conversion stores 16 bytes for every 12 it fills.
        var row = ArrayPool<byte>.Shared.Rent(rowBytes + 16);
        var previous = options.Filter == PngRowFilter.None ? null : ArrayPool<byte>.Shared.Rent(rowBytes + 16);
        var filtered = options.Filter == PngRowFilter.None ? null : ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            // One buffer for the whole file: signature, IHDR, then IDAT deflated in place behind its length and type, whose
            // length and CRC are filled in after (a separate IDAT stream copied into the file was two more large arrays a picture).
            if (png.Capacity < rowBytes * height / 8 + 1024) png.Capacity = rowBytes * height / 8 + 1024;
            png.Write(Signature);
            Span<byte> header = stackalloc byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header, width);
            BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
            header[8] = 8;    // bits per channel
            header[9] = 2;    // colour type: RGB
            header[10] = 0;   // compression: deflate
            header[11] = 0;   // filter method: a filter byte per row
            header[12] = 0;   // not interlaced
            WriteChunk(png, "IHDR"u8, header);
            long idatStart = png.Position;
            png.Write([0, 0, 0, 0]);   // length, filled in below
            png.Write("IDAT"u8);
            using (var z = new ZLibStream(png, new ZLibCompressionOptions { CompressionLevel = options.Level, CompressionStrategy = options.Strategy }, leaveOpen: true))
            {
                row[0] = 0;   // filter type None
                if (previous is not null) Array.Clear(previous, 0, rowBytes);   // the row above the first is zero (PNG spec 9.2)
                for (int y = 0; y < height; y++)
                {
                    if (!ToRgb(rgba.Slice(y * stride, width), row.AsSpan(1))) return false;
                    if (options.Filter == PngRowFilter.None)
                    {
                        z.Write(row, 0, rowBytes);
                        continue;
                    }
                    Filter(options.Filter, row.AsSpan(1, rowBytes - 1), previous.AsSpan(1, rowBytes - 1), filtered.AsSpan(0, rowBytes));
                    z.Write(filtered!, 0, rowBytes);
                    (row, previous) = (previous!, row);
                }
            }
            int dataLength = checked((int)(png.Position - idatStart - 8));
            var written = png.GetBuffer().AsSpan(0, (int)png.Length);
            BinaryPrimitives.WriteInt32BigEndian(written[(int)idatStart..], dataLength);
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(written.Slice((int)idatStart + 4, 4 + dataLength)));
            png.Write(word);
            WriteChunk(png, "IEND"u8, []);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
            if (previous is not null) ArrayPool<byte>.Shared.Return(previous);
            if (filtered is not null) ArrayPool<byte>.Shared.Return(filtered);
        }
    }

    /// <summary>
    /// One row of RGBA pixels (R in the low byte) as RGB bytes into <paramref name="rgb"/> (which has 16 bytes of slack);
    /// false when a pixel is not opaque. Four pixels a step with a byte shuffle: the scalar loop was ~30 % of the encoder's
    /// CPU, as much as a third of zlib-ng's deflate (docs/benchmarks/rendering.md, Round 8).
    /// </summary>
    private static bool ToRgb(ReadOnlySpan<uint> rgba, Span<byte> rgb)
    {
        int n = rgba.Length, x = 0;
        var bytes = MemoryMarshal.AsBytes(rgba);
        if (Vector128.IsHardwareAccelerated && rgb.Length >= 3 * n + 4)
        {
            var alpha = Vector128.Create(0xFF000000u).AsByte();
            var all = Vector128<byte>.AllBitsSet;
            // Bytes 0-2, 4-6, 8-10, 12-14 of four pixels into the first 12 bytes; the last 4 are overwritten by the next step.
            var pick = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
            ref byte destination = ref MemoryMarshal.GetReference(rgb);
            for (; x + 4 <= n; x += 4)
            {
                var v = Vector128.Create(bytes.Slice(4 * x, 16));
                all &= v;
                Vector128.Shuffle(v, pick).StoreUnsafe(ref Unsafe.Add(ref destination, 3 * x));
            }
            if ((all & alpha) != alpha) return false;
        }
        for (int k = 3 * x; x < n; x++, k += 3)
        {
            uint p = rgba[x];
            if (p >> 24 != 0xFF) return false;
            rgb[k] = (byte)p; rgb[k + 1] = (byte)(p >> 8); rgb[k + 2] = (byte)(p >> 16);
        }
        return true;
    }

    /// <summary>A row filtered (PNG spec 9.2, 3 bytes per pixel): Sub takes the byte one pixel left, Up the byte above; the filter type byte first.</summary>
    private static void Filter(PngRowFilter filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, Span<byte> output)
    {
        output[0] = (byte)filter;
        var o = output[1..];
        if (filter == PngRowFilter.Up)
        {
            for (int i = 0; i < row.Length; i++) o[i] = (byte)(row[i] - above[i]);
            return;
        }
        for (int i = 0; i < Math.Min(3, row.Length); i++) o[i] = row[i];
        for (int i = 3; i < row.Length; i++) o[i] = (byte)(row[i] - row[i - 3]);
    }

    /// <summary>Length, type, data, CRC-32 of type and data (PNG spec 5.3).</summary>
    private static void WriteChunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        png.Write(word);
    }

    /// <summary>Skia's encoder (classic zlib, Sub filter, level 3) for a picture with transparency.</summary>
    private static byte[] EncodeWithSkia(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 3)) ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }
}
