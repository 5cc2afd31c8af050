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
