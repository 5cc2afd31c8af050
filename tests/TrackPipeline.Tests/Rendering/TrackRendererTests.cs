using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

public sealed class TrackRendererTests
{
    private static readonly TrackRenderer WithFont = TrackRenderer.Create(Colormap.Plasma);

    [Fact]
    public void Rendering_is_deterministic()
    {
        using var a = WithFont.RenderSheet(SyntheticTracks.Sheet(), 1200, 900);
        using var b = WithFont.RenderSheet(SyntheticTracks.Sheet(), 1200, 900);
        Assert.Equal(TrackRenderer.EncodePng(a), TrackRenderer.EncodePng(b));
    }

    [Theory]
    [InlineData(1200, 900)]
    [InlineData(640, 480)]
    [InlineData(1920, 1080)]
    public void Sheet_has_the_requested_size_and_is_not_blank(int width, int height)
    {
        using var bitmap = WithFont.RenderSheet(SyntheticTracks.Sheet(), width, height);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(height, bitmap.Height);
        using var decoded = SKBitmap.Decode(TrackRenderer.EncodePng(bitmap));
        Assert.Equal(width, decoded.Width);
        // Points, voxels, panes and text: well over 3 % of the picture is ink.
        Assert.True(ImageChecks.NonBackground(decoded) > 0.03 * width * height);
    }

    [Fact]
    public void Renders_without_a_font()
    {
        var noFont = new TrackRenderer(Colormap.Viridis, typeface: null);
        using var bitmap = noFont.RenderSheet(SyntheticTracks.Sheet(), 800, 600);
        Assert.True(ImageChecks.NonBackground(bitmap) > 0.02 * 800 * 600);
        using var single = noFont.RenderScene(SyntheticTracks.Helix(), "title", 400, 330);
        Assert.True(ImageChecks.NonBackground(single) > 1000);
    }

    [Fact]
    public void Empty_scene_and_missing_stages_do_not_throw()
    {
        var sheet = new TrackSheet { Title = "empty", Raw = new TrackScene("none", [], [], [], [], 0) };
        using var bitmap = WithFont.RenderSheet(sheet, 600, 450);
        Assert.Equal(600, bitmap.Width);
        var one = new TrackScene("one point", [1], [2], [3], [5], 1);
        using var single = WithFont.RenderSheet(new TrackSheet { Title = "one", Raw = one }, 600, 450);
        Assert.True(ImageChecks.NonBackground(single) > 100);
    }

    [Fact]
    public void Points_take_the_colour_of_their_charge()
    {
        // Two far-apart points: low charge (dark blue end of plasma) and high charge (yellow end).
        var scene = new TrackScene("two", [0, 100], [0, 0], [0, 0], [1, 1000], 2);
        using var bitmap = new TrackRenderer(Colormap.Plasma, null).RenderScene(scene, "", 400, 330, legend: false);
        bool sawYellow = false, sawBlue = false;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red > 220 && c.Green > 220 && c.Blue < 80 && y < 260) sawYellow = true;
                if (c.Blue > 110 && c.Red < 40 && c.Green < 30 && y < 260) sawBlue = true;
            }
        Assert.True(sawYellow, "the high-charge point is yellow");
        Assert.True(sawBlue, "the low-charge point is dark blue");
    }

    /// <summary>
    /// Golden image of a small synthetic sheet (no font). Regenerated 2026-11-27 (pictures3): the truth legend moved from
    /// the YZ projection's top-left corner, over the helix, to its emptiest corner.
    /// </summary>
    [Fact]
    public void Matches_the_golden_image()
    {
        var renderer = new TrackRenderer(Colormap.Plasma, typeface: null);
        using var bitmap = renderer.RenderSheet(SyntheticTracks.Sheet(500), 480, 360);
        GoldenImages.AssertMatches(bitmap, "synthetic_sheet.png");
    }

    [Fact]
    public void A_thumbnail_drawn_from_the_sheets_projection_is_the_one_drawn_alone()
    {
        // The render stage draws the sheet, then the thumbnail from the raw view's kept projection (same camera), then
        // releases it: the thumbnail must not depend on whether the sheet was drawn first.
        var afterSheet = SyntheticTracks.Sheet(3000);
        using (WithFont.RenderSheet(afterSheet, 1200, 900)) { }
        Assert.NotNull(afterSheet.Raw.Projected);
        using var reused = WithFont.RenderThumbnail(afterSheet, 600, truth: true);
        afterSheet.Raw.ReleaseProjection();
        Assert.Null(afterSheet.Raw.Projected);
        using var alone = WithFont.RenderThumbnail(SyntheticTracks.Sheet(3000), 600, truth: true);
        Assert.True(reused.GetPixelSpan().SequenceEqual(alone.GetPixelSpan()), "the thumbnail differs when drawn after its sheet");
        // And a projection kept for another camera is not taken: a sheet of a different frame after the first.
        var reframed = SyntheticTracks.Sheet(3000);
        using (WithFont.RenderThumbnail(reframed, 600, truth: true)) { }
        var moved = new TrackSheet { Title = reframed.Title, Raw = reframed.Raw, Frame = new PictureFrame(new TrackPipeline.Tracks.Vec3(5, 0, 0), 30, "test") };
        using var viaKept = WithFont.RenderThumbnail(moved, 600, truth: true);
        var fresh = SyntheticTracks.Sheet(3000);
        using var freshMoved = WithFont.RenderThumbnail(new TrackSheet { Title = fresh.Title, Raw = fresh.Raw, Frame = new PictureFrame(new TrackPipeline.Tracks.Vec3(5, 0, 0), 30, "test") }, 600, truth: true);
        Assert.True(viaKept.GetPixelSpan().SequenceEqual(freshMoved.GetPixelSpan()), "a projection of another camera was reused");
    }
}
