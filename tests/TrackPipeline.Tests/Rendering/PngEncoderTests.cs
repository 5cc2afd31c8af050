using System.Runtime.InteropServices;
using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>The pipeline's own PNG writer: what a reader (Skia's decoder, libpng) gets back is the picture that was drawn.</summary>
public sealed class PngEncoderTests
{
    [Fact]
    public void A_drawn_sheet_decodes_to_the_same_pixels_as_rgb()
    {
        using var bitmap = TrackRenderer.Create(Colormap.Plasma).RenderSheet(SyntheticTracks.Sheet(), 1200, 900);
        var png = PngEncoder.Encode(bitmap);
        Assert.Equal(2, png[25]);   // IHDR colour type: RGB, no alpha channel for an opaque picture
        using var decoded = Decode(png);
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()), "decoded pixels differ from the drawn ones");
        // Smaller than Skia's default encoding of the same picture (all filters, zlib 6, RGBA).
        using var pixmap = bitmap.PeekPixels();
        using var skia = pixmap.Encode(SKEncodedImageFormat.Png, 100)!;
        Assert.True(png.Length < skia.Size, $"{png.Length} bytes against Skia's {skia.Size}");
    }

    [Fact]
    public void Odd_sizes_and_every_colour_survive()
    {
        // 257 x 3 pixels: every byte value in every channel, a width that is not a multiple of anything.
        using var bitmap = TrackRenderer.NewBitmap(257, 3);
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        for (int i = 0; i < pixels.Length; i++)
        {
            uint v = (uint)(i % 256);
            pixels[i] = v | (255 - v) << 8 | (uint)(i * 7 % 256) << 16 | 0xFF000000u;
        }
        using var decoded = Decode(PngEncoder.Encode(bitmap));
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()));
    }

    [Fact]
    public void A_picture_with_transparency_keeps_its_alpha()
    {
        using var bitmap = TrackRenderer.NewBitmap(40, 30);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(10, 10, 10, 10, paint);
        }
        var png = PngEncoder.Encode(bitmap);
        Assert.Equal(6, png[25]);   // RGBA
        using var decoded = Decode(png);
        Assert.Equal(0, decoded.GetPixel(0, 0).Alpha);
        Assert.Equal(SKColors.Red, decoded.GetPixel(15, 15));
    }

    [Theory]
    [InlineData(5, 2)]      // in the four-pixel steps of the row conversion
    [InlineData(256, 1)]    // the scalar tail of a 257-pixel row
    public void One_pixel_that_is_not_opaque_keeps_the_alpha_channel(int x, int y)
    {
        using var bitmap = TrackRenderer.NewBitmap(257, 3);
        using (var canvas = new SKCanvas(bitmap)) canvas.Clear(SKColors.White);
        bitmap.SetPixel(x, y, new SKColor(10, 20, 30, 128));
        var png = PngEncoder.Encode(bitmap);
        Assert.Equal(6, png[25]);   // RGBA: the pixel's alpha is not dropped
        using var decoded = Decode(png);
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()));
    }

    [Theory]
    [InlineData(1, 2, System.IO.Compression.ZLibCompressionStrategy.Default)]                // Sub
    [InlineData(2, 2, System.IO.Compression.ZLibCompressionStrategy.RunLengthEncoding)]      // Up
    [InlineData(0, 1, System.IO.Compression.ZLibCompressionStrategy.RunLengthEncoding)]      // None
    public void The_benchmarks_variants_decode_to_the_drawn_pixels(int filter, int level, System.IO.Compression.ZLibCompressionStrategy strategy)
    {
        using var bitmap = TrackRenderer.Create(Colormap.Plasma).RenderSheet(SyntheticTracks.Sheet(), 601, 450);
        using var decoded = Decode(PngEncoder.Encode(bitmap, new PngOptions((PngRowFilter)filter, level, strategy)));
        Assert.True(bitmap.GetPixelSpan().SequenceEqual(decoded.GetPixelSpan()), $"{filter}, level {level}, {strategy}");
    }

    /// <summary>Decodes into the drawing's own layout (Rgba8888, premultiplied) for a byte comparison.</summary>
    private static SKBitmap Decode(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png));
        Assert.NotNull(codec);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        Assert.Equal(SKCodecResult.Success, codec.GetPixels(info, bitmap.GetPixels()));
        return bitmap;
    }
}
