using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issues, session 27 breaker13 item 5: the colour bar's label touched the bottom edge of every 400 px thumbnail (its
/// descenders on the last row), and a 90-character track name, one word too long to wrap, was shrunk to about 6 px in a
/// 400 px cell of the comparison and electrons | photons sheets.
/// </summary>
public sealed class CaptionFitTests
{
    private static readonly TrackRenderer Renderer = new(Colormap.Plasma, Fonts.SansSerif);

    private const string LongName = "TrackE0001000_D20250527_T1337068902_GAMPixG_MeasuredWithHighVoltageMonitoringAndWideMargin";

    [FontFact]
    public void The_colour_bar_label_clears_the_bottom_edge_of_a_thumbnail()
    {
        var scene = new TrackScene("two", [0, 100], [0, 0], [0, 0], [1, 1000], 2);
        using var bitmap = Renderer.RenderScene(scene, "", 400, 330, legend: false);
        for (int y = bitmap.Height - 2; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
                Assert.True(bitmap.GetPixel(x, y) == SKColors.White, $"ink at ({x}, {y}), on the last two rows of the picture");
    }

    [FontFact]
    public void A_track_name_too_long_for_its_cell_keeps_its_start_and_end_at_a_legible_size()
    {
        const float size = 13, width = 392;
        var shown = Renderer.Legible(LongName, size, width);
        Assert.StartsWith("TrackE0001000_D20250527_T1337068902_", shown);
        Assert.EndsWith("Margin", shown);
        Assert.Contains('\u2026', shown);
        using var font = new SKFont(Fonts.SansSerif, size * TrackRenderer.LegibleShrink);
        Assert.True(font.MeasureText(shown) <= width, $"'{shown}' is {font.MeasureText(shown)} px at {TrackRenderer.LegibleShrink} of its size, over {width}");
        // The sample's 35-character names, and anything that fits shrunk no further, are left whole.
        Assert.Equal(LongName[..35], Renderer.Legible(LongName[..35], size, width));
        Assert.Equal(LongName, Renderer.Legible(LongName, size, 2000));
    }

    /// <summary>
    /// Breaker14 F2: the per-track sheet's title (particle, energy and a 90-character track name) ran past both edges of
    /// the 1200 px sheet: DrawText's one proportional step leaves hinted text too wide. Now it fits, shortened around an
    /// ellipsis when even the legible size is too wide.
    /// </summary>
    [FontFact]
    public void A_sheet_title_with_a_long_track_name_stays_inside_the_sheet()
    {
        var title = TrackSheets.Title("electrons", 1000, LongName);
        var sheet = new TrackSheet { Title = title, Raw = new TrackScene("none", [], [], [], [], 0) };
        using var bitmap = Renderer.RenderSheet(sheet, 1200, 900);
        int titleRows = 0;
        for (int y = 0; y < 40; y++)
        {
            for (int x = 0; x < bitmap.Width; x++) if (bitmap.GetPixel(x, y) != SKColors.White) { titleRows++; break; }
            foreach (int x in (int[])[0, 1, 2, bitmap.Width - 3, bitmap.Width - 2, bitmap.Width - 1])
                Assert.True(bitmap.GetPixel(x, y) == SKColors.White, $"ink at ({x}, {y}): the title reaches the sheet's edge");
        }
        Assert.True(titleRows > 5, "no title drawn");

        foreach (int width in (int[])[1200, 600])
        {
            float ui = width / 1200f;
            var (shown, size) = Renderer.FitTitle(title, width, ui);
            using var font = new SKFont(Fonts.SansSerif, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
            Assert.True(font.MeasureText(shown) <= width - 20, $"'{shown}' is {font.MeasureText(shown)} px at {size} px, over {width - 20}");
            Assert.True(size >= 21 * ui * TrackRenderer.LegibleShrink * 0.95f, $"{size} px: shrunk past legible");
            Assert.StartsWith("electron, 1 MeV  -  TrackE0001000_D20250527_T1337068902_", shown);
        }
        // Twice as long: shortened around an ellipsis, keeping its start (energy, date, number) and its end.
        var (longer, _) = Renderer.FitTitle(title + "_" + LongName, 1200, 1);
        Assert.Contains('\u2026', longer);
        Assert.StartsWith("electron, 1 MeV  -  TrackE0001000_D20250527_T1337068902_", longer);
        Assert.EndsWith("Margin", longer);
        // A sample-length name (35 characters) is drawn whole at the title's own size, as before.
        var sample = TrackSheets.Title("electrons", 1000, LongName[..35]);
        Assert.Equal((sample, 21f), Renderer.FitTitle(sample, 1200, 1));
    }
}

/// <summary>A fact about drawn text: skipped, with the reason, on a machine without a sans-serif font (no text is drawn).</summary>
public sealed class FontFactAttribute : FactAttribute
{
    public FontFactAttribute()
    {
        if (Fonts.SansSerif is null) Skip = "SKIPPED (no sans-serif font on this machine: no text is drawn or measured)";
    }
}
