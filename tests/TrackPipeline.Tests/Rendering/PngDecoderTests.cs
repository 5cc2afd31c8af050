using System.Buffers.Binary;
using System.IO.Hashing;
using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The gallery's reader of the pipeline's own pictures: it must give back exactly the pixels that were drawn (the sheets
/// composed from them keep their bytes), and leave every PNG it does not read to Skia's decoder.
/// </summary>
public sealed class PngDecoderTests
{
    [Theory]
    [InlineData(1200, 900)]
    [InlineData(601, 450)]   // a width that leaves a scalar tail after the four-pixel steps
    public void A_drawn_sheet_comes_back_with_its_pixels(int width, int height)
    {
        using var bitmap = TrackRenderer.Create(Colormap.Plasma).RenderSheet(SyntheticTracks.Sheet(), width, height);
        using var decoded = PngDecoder.TryDecodeRgb(PngEncoder.Encode(bitmap));
        Assert.NotNull(decoded);
        Assert.Equal(SKColorType.Rgba8888, decoded.ColorType);
        Assert.Equal(SKAlphaType.Opaque, decoded.AlphaType);
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()), "decoded pixels differ from the drawn ones");
    }

    [Fact]
    public void Every_byte_value_in_every_channel_survives()
    {
        using var bitmap = TrackRenderer.NewBitmap(257, 3);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 257; x++)
                bitmap.SetPixel(x, y, new SKColor((byte)x, (byte)(255 - x), (byte)((x + 257 * y) * 7)));
        using var decoded = PngDecoder.TryDecodeRgb(PngEncoder.Encode(bitmap));
        Assert.NotNull(decoded);
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 257; x++)
                Assert.Equal(bitmap.GetPixel(x, y), decoded.GetPixel(x, y));
    }

    [Fact]
    public void Data_split_across_several_chunks_is_read_in_order()
    {
        using var bitmap = TrackRenderer.Create(Colormap.Plasma).RenderSheet(SyntheticTracks.Sheet(), 300, 200);
        var png = PngEncoder.Encode(bitmap);
        using var decoded = PngDecoder.TryDecodeRgb(SplitData(png));
        Assert.NotNull(decoded);
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()));
    }

    [Fact]
    public void Filtered_translucent_or_damaged_pictures_are_left_to_Skia()
    {
        using var bitmap = TrackRenderer.Create(Colormap.Plasma).RenderSheet(SyntheticTracks.Sheet(), 300, 200);
        // Rows with the Sub filter: not one of the pipeline's; Skia reads it.
        var filtered = PngEncoder.Encode(bitmap, new PngOptions(PngRowFilter.Sub, 2, System.IO.Compression.ZLibCompressionStrategy.Default));
        Assert.Null(PngDecoder.TryDecodeRgb(filtered));
        var path = Path.Combine(Path.GetTempPath(), $"png-decoder-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, filtered);
            using var viaSkia = PngDecoder.Decode(path);
            Assert.Equal(bitmap.GetPixel(150, 100), viaSkia.GetPixel(150, 100));
        }
        finally { File.Delete(path); }

        using var translucent = TrackRenderer.NewBitmap(40, 30);
        using (var canvas = new SKCanvas(translucent)) canvas.Clear(SKColors.Transparent);
        Assert.Null(PngDecoder.TryDecodeRgb(PngEncoder.Encode(translucent)));   // RGBA colour type

        var png = PngEncoder.Encode(bitmap);
        Assert.Null(PngDecoder.TryDecodeRgb(png[..(png.Length / 2)]));          // cut short
        var flipped = (byte[])png.Clone();
        flipped[png.Length / 2] ^= 0x5A;                                         // a byte of the deflate stream changed
        Assert.Null(PngDecoder.TryDecodeRgb(flipped));
        Assert.Null(PngDecoder.TryDecodeRgb("not a picture at all, longer than a PNG header"u8.ToArray()));
    }

    /// <summary>
    /// Breaker 11 F1: an empty or non-PNG file where a kept picture should be made Skia's byte-array decoder throw ("Value
    /// cannot be null. (Parameter 'codec')") out of the gallery and fail the run. Each is an InvalidDataException saying what
    /// is wrong, never another exception: the gallery makes it a warning (UnreadableKeptPictureTests).
    /// </summary>
    [Fact]
    public void An_empty_or_garbage_file_is_an_error_naming_the_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"png-decoder-{Guid.NewGuid():N}.png");
        try
        {
            foreach (var (content, reason) in new[] { (Array.Empty<byte>(), "empty file"), ("garbage\n"u8.ToArray(), "not a picture Skia can read") })
            {
                File.WriteAllBytes(path, content);
                var e = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(path));
                Assert.Equal(reason, e.Message);
            }
        }
        finally { File.Delete(path); }
    }

    /// <summary>The same PNG with its one IDAT chunk cut into three, each with its own CRC.</summary>
    private static byte[] SplitData(byte[] png)
    {
        int at = 8 + 25;
        Assert.Equal("IDAT"u8.ToArray(), png[(at + 4)..(at + 8)]);
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
        var data = png.AsSpan(at + 8, length);
        using var output = new MemoryStream();
        output.Write(png, 0, at);
        Span<byte> word = stackalloc byte[4];
        foreach (var (start, end) in new[] { (0, length / 3), (length / 3, length / 3 + 7), (length / 3 + 7, length) })
        {
            var chunk = data[start..end];
            BinaryPrimitives.WriteInt32BigEndian(word, chunk.Length);
            output.Write(word);
            var crc = new Crc32();
            crc.Append("IDAT"u8);
            crc.Append(chunk);
            output.Write("IDAT"u8);
            output.Write(chunk);
            BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
            output.Write(word);
        }
        output.Write(png, at + 12 + length, png.Length - (at + 12 + length));
        return output.ToArray();
    }
}
