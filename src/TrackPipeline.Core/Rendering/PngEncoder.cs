using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace TrackPipeline.Rendering;

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

    /// <summary>Encodes a bitmap; opaque Rgba8888 (every picture of the pipeline) is written as RGB.</summary>
    public static byte[] Encode(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888) return EncodeWithSkia(bitmap);
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        // Opacity is checked row by row while the rows are converted (one pass over the pixels, not two).
        return EncodeRgb(pixels, bitmap.Width, bitmap.Height, bitmap.RowBytes / 4) ?? EncodeWithSkia(bitmap);
    }

    /// <summary>The PNG of an opaque picture; null when a pixel is not opaque (its alpha would be lost).</summary>
    private static byte[]? EncodeRgb(ReadOnlySpan<uint> rgba, int width, int height, int stride)
    {
        int rowBytes = 1 + 3 * width;
        var row = ArrayPool<byte>.Shared.Rent(rowBytes);
        try
        {
            // One buffer for the whole file: signature, IHDR, then IDAT deflated in place behind its length and type, whose
            // length and CRC are filled in after (a separate IDAT stream copied into the file was two more large arrays a picture).
            using var png = new MemoryStream(rowBytes * height / 8 + 1024);
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
            using (var z = new ZLibStream(png, new ZLibCompressionOptions { CompressionLevel = ZlibLevel }, leaveOpen: true))
            {
                row[0] = 0;   // filter type None
                for (int y = 0; y < height; y++)
                {
                    var source = rgba.Slice(y * stride, width);
                    // All alpha bytes 255 <=> the AND of every pixel has 0xFF in the alpha byte.
                    uint all = 0xFFFFFFFFu;
                    for (int x = 0, k = 1; x < source.Length; x++, k += 3)
                    {
                        uint p = source[x];   // R in the low byte
                        all &= p;
                        row[k] = (byte)p; row[k + 1] = (byte)(p >> 8); row[k + 2] = (byte)(p >> 16);
                    }
                    if (all >> 24 != 0xFF) return null;
                    z.Write(row, 0, rowBytes);
                }
            }
            int dataLength = checked((int)(png.Position - idatStart - 8));
            var written = png.GetBuffer().AsSpan(0, (int)png.Length);
            BinaryPrimitives.WriteInt32BigEndian(written[(int)idatStart..], dataLength);
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(written.Slice((int)idatStart + 4, 4 + dataLength)));
            png.Write(word);
            WriteChunk(png, "IEND"u8, []);
            return png.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(row);
        }
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
