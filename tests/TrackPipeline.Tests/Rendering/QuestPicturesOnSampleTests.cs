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
            // Charge in the colormap or, for detached clusters, in teal.
            int raw3D = ImageChecks.ChargePixels(bitmap, new SKRectI(0, h / 8, w * 2 / 9, h / 2), Colormap.Plasma, TrackRenderer.DetachedColor);
            int xy = ImageChecks.ChargePixels(bitmap, new SKRectI(0, 2 * h / 3, w / 3, h), Colormap.Plasma, TrackRenderer.DetachedColor);
            // 250 px: a line of charge ~120 px long (the 50 MeV brem electron's primary in a 28 cm frame is ~130 px).
            Assert.True(raw3D > 250, $"{category}: {raw3D} charge pixels in the raw 3D view");
            Assert.True(xy > 400, $"{category}: {xy} charge pixels in the XY projection");
        }
    }

    /// <summary>
    /// Regression (issue 11): the 20 MeV symmetric pair's V sat in one corner of a 151 mm frame centred on its vertex. The
    /// pair pictures' main-cluster charge (the V; teal detached clusters not counted) now spans at least half of a
    /// projection's height in one of the three projections (it spanned about a third: ~45 mm of 151 mm).
    /// </summary>
    [SharedDataFact]
    public void The_pair_pictures_are_filled_by_their_V()
    {
        run.AssertSucceeded();
        foreach (var category in new[] { QuestCategory.SymmetricPair, QuestCategory.WeirdPair })
        {
            using var bitmap = SKBitmap.Decode(ImagePaths.Quest(run.Output, category));
            int w = bitmap.Width, h = bitmap.Height;
            int widest = 0;
            for (int i = 0; i < 3; i++)
            {
                var span = ImageChecks.ChargeBounds(bitmap, new SKRectI(i * w / 3, 2 * h / 3, (i + 1) * w / 3, h), Colormap.Plasma);
                widest = Math.Max(widest, Math.Max(span.Width, span.Height));
            }
            Assert.True(widest > h / 6, $"{category}: the V's charge spans at most {widest} px of a {h / 3} px projection row");
        }
    }

    [SharedDataFact]
    public async Task The_gallery_links_the_run_plots_and_a_3D_page_for_every_quest_candidate()
    {
        run.AssertSucceeded();
        var index = await File.ReadAllTextAsync(ImagePaths.Index(run.Output));
        foreach (var plot in RunPlots.Default())
        {
            Assert.True(File.Exists(Path.Combine(run.Output, RunPlots.Folder, plot.FileName)), plot.FileName);
            Assert.Contains($"src=\"{RunPlots.Folder}/{plot.FileName}\"", index);
        }
        Assert.True(File.Exists(Path.Combine(run.Output, EventDisplay.ViewerFolder, EventDisplay.PlotlyFile)));
        var candidates = (await TrackPipeline.Output.ParquetDataset.ReadAsync(Path.Combine(run.Output, "quest"))).Rows;
        Assert.NotEmpty(candidates);
        foreach (var c in candidates)
        {
            var page = EventDisplay.PagePath(run.Output, (string)c["particle"]!, (int)c["energy_kev"]!, (string)c["track_id"]!);
            Assert.True(File.Exists(page), $"no 3D page for candidate {c["track_id"]}");
        }
        // Candidates under the threshold are shown (the top N is a fixed number) and marked.
        int below = candidates.Count(c => !(bool)c["passes_threshold"]!);
        Assert.Equal(below > 0, index.Contains("<b>below threshold</b>"));
    }
}
