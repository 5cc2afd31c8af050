using SkiaSharp;
using TrackPipeline.Classification;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The quest pictures of the real sample (issue 11): each one's framed panels show charge, not only background and
/// truth markers (before the framing, the 20 - 50 MeV pictures showed markers over a few pixels of charge).
/// </summary>
public sealed class QuestPicturesOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    [SharedDataFact]
    public void Every_quest_picture_shows_charge_in_its_framed_3D_view_and_projections()
    {
        run.AssertSucceeded();
        foreach (var category in new[] { QuestCategory.NeatElectron, QuestCategory.BremElectron, QuestCategory.SymmetricPair, QuestCategory.WeirdPair })
        {
            var path = ImagePaths.Quest(run.Output, category);
            Assert.True(File.Exists(path), $"{path} was not drawn");
            using var bitmap = SKBitmap.Decode(path);
            int w = bitmap.Width, h = bitmap.Height;
            // Raw 3D view: top-left, left of the whole-event inset; XY projection: bottom-left third.
            int raw3D = ImageChecks.ChargePixels(bitmap, new SKRectI(0, h / 8, w * 2 / 9, h / 2), Colormap.Plasma);
            int xy = ImageChecks.ChargePixels(bitmap, new SKRectI(0, 2 * h / 3, w / 3, h), Colormap.Plasma);
            Assert.True(raw3D > 400, $"{category}: {raw3D} charge pixels in the raw 3D view");
            Assert.True(xy > 400, $"{category}: {xy} charge pixels in the XY projection");
        }
    }
}
