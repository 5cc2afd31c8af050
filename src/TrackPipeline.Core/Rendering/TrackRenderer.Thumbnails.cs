using SkiaSharp;

namespace TrackPipeline.Rendering;

public sealed partial class TrackRenderer
{
    /// <summary>
    /// Width of a thumbnail relative to a track picture: a third of it, the size a contact sheet's cell shows it at (400 px
    /// at the shipped 1200), and the size of a cell of the comparison and electrons | photons sheets. Drawn at half the width
    /// (600 px) it was shrunk to two thirds on every contact sheet and cost 2.25x the pixels to draw, encode, decode and fit
    /// for the same evidence (docs/benchmarks/rendering.md, round 13).
    /// </summary>
    public const float ThumbnailWidthFraction = 1f / 3;

    /// <summary>Height over width of a thumbnail: the 3D panel's proportions (400 x 330 at the contact sheets' size).</summary>
    public const float ThumbnailAspect = 330f / 400f;

    /// <summary>
    /// The raw view of a track as its contact-sheet and comparison thumbnail: the framed 3D panel under a caption giving the
    /// frame (the sheet composer adds the track id and key figures above it). Drawn by the render stage while the track is
    /// in hand (<see cref="KeptPictures"/>), so the sheets never read the track again.
    /// </summary>
    public SKBitmap RenderThumbnail(TrackSheet sheet, int width, bool truth)
    {
        int height = (int)MathF.Round(width * ThumbnailAspect);
        var bitmap = NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        var caption = sheet.Frame is { } f ? f.Label(sheet.Unit) : "whole event";
        DrawSceneWithTitle(bitmap, canvas, new SKRect(0, 0, width, height), sheet.Raw, caption, legend: truth, sheet.Frame, sheet.Unit, truth,
            sheet.Frame is null ? 0 : sheet.OverviewFraction);
        return bitmap;
    }

    /// <summary>
    /// Draws <paramref name="image"/> as large as fits in <paramref name="rect"/>, centred, keeping its proportions.
    /// Bilinear: Skia's bicubic (Mitchell) ran its float pipeline at 16 taps a pixel and was ~1.5 of the ~3.4 CPU-s of a
    /// sample run's gallery (108 thumbnails at 2/3 size on the contact sheets, 18 at ~1:1 on the comparisons); bilinear
    /// runs Skia's 16-bit pipeline at 4 taps (docs/benchmarks/rendering.md, sixth round: the pixels it changes).
    /// </summary>
    /// <remarks>Into <paramref name="target"/>'s own pixels (<see cref="BilinearFit"/>: no pass through Skia's shader pipeline),
    /// through Skia where that cannot be done.</remarks>
    public static void DrawFitted(SKBitmap target, SKCanvas canvas, SKBitmap picture, SKRect rect)
    {
        var to = FittedRect(picture.Width, picture.Height, rect);
        if (BilinearFit.TryDraw(target, canvas, picture, to)) return;
        using var image = SKImage.FromBitmap(picture);
        canvas.DrawImage(image, to, Resampling);
    }

    private static SKRect FittedRect(int width, int height, SKRect rect)
    {
        float scale = Math.Min(rect.Width / width, rect.Height / height);
        float w = width * scale, h = height * scale;
        return SKRect.Create(rect.MidX - w / 2, rect.Top, w, h);
    }

    private static readonly SKSamplingOptions Resampling = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>A dashed box saying why a picture is missing (e.g. a thumbnail no run kept).</summary>
    public void DrawMissing(SKCanvas canvas, SKRect rect, string message)
    {
        float ui = CaptionScale(rect);
        DrawEmptyPanel(canvas, rect, "", message, ui);
    }

    /// <summary>Height of <see cref="DrawBanner"/>'s lines across a picture <paramref name="width"/> px wide.</summary>
    public static int BannerHeight(int width, int lines) => (int)MathF.Ceiling((10 + 20 * 1.3f + 15 * 1.3f * Math.Max(0, lines - 1) + 10) * width / 1200f);

    /// <summary>
    /// Lines across the top of a picture (the first larger), each shrunk to fit rather than wrapped: the quest line and
    /// key figures over a track picture.
    /// </summary>
    public void DrawBanner(SKCanvas canvas, IReadOnlyList<string> lines, int width)
    {
        float ui = width / 1200f, y = 10 * ui;
        for (int i = 0; i < lines.Count; i++)
        {
            float size = (i == 0 ? 20 : 15) * ui;
            y += size * 1.3f;
            DrawText(canvas, lines[i], width / 2f, y - 0.3f * size, size, i == 0 ? Ink : Muted, SKTextAlign.Center, width - 20);
        }
    }
}
