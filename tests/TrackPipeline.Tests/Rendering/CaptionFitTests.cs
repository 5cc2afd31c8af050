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

    /// <summary>
    /// Session 30 (pics16): the sample's 20 MeV electron sheets T1337102032 and T1337478752 wrapped their subtitle at the
    /// 1200 px sheet's 1180 px leaving the one word "frame" on its second line. A wrap that would leave one word alone is
    /// balanced over the same number of lines; one that leaves several keeps its break (those sheets keep their bytes).
    /// </summary>
    [FontFact]
    public void A_wrapped_subtitle_leaves_no_lone_word_on_its_last_line()
    {
        const string subtitle = "classified from the charge as brem electron; panels: 196 mm frame on the main cluster and its nearest "
            + "detached clusters, 4 detached clusters (teal rings), all in the frame";
        const float size = 14, width = 1180;
        var lines = Renderer.Wrap(subtitle, size, width);
        Assert.Equal(2, lines.Count);
        using var font = new SKFont(Fonts.SansSerif, size);
        foreach (var line in lines)
        {
            Assert.Contains(' ', line);
            Assert.True(font.MeasureText(line) <= width, $"'{line}' is {font.MeasureText(line)} px, over {width}");
        }
        Assert.Equal(subtitle, string.Join(' ', lines));
        var (first, second) = (font.MeasureText(lines[0]), font.MeasureText(lines[1]));
        Assert.True(second > 0.6f * first, $"unbalanced: {first:F0} px over {second:F0} px");

        // A wrap whose last line holds several words is filled line by line as before.
        const string other = "classified from the charge as brem electron; panels: 40 mm frame on the main cluster, 6 detached clusters "
            + "(teal rings), all outside the frame (inset); top-right inset: the whole event, red square = the frame";
        var kept = Renderer.Wrap(other, size, width);
        Assert.Equal(2, kept.Count);
        Assert.True(font.MeasureText(kept[0] + " " + kept[1].Split(' ')[0]) > width, "the first line was not filled");
        Assert.Equal([other], Renderer.Wrap(other, size, 4000));
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

/// <summary>A theory about drawn text: skipped, with the reason, on a machine without a sans-serif font.</summary>
public sealed class FontTheoryAttribute : TheoryAttribute
{
    public FontTheoryAttribute()
    {
        if (Fonts.SansSerif is null) Skip = "SKIPPED (no sans-serif font on this machine: no text is drawn or measured)";
    }
}
