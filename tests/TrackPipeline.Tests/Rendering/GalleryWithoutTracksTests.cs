using SkiaSharp;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The gallery no longer reads tracks from disk (issue 14 item 4): it composes what the render stages drew. Proven on
/// a sharded output: two shards run, then every input file is emptied (a read would fail), then the merge pass (an
/// unsharded run that skips every track) builds the quest pictures, contact sheets and comparison sheet from the
/// shards' kept pictures alone.
/// </summary>
public sealed class GalleryWithoutTracksTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-gallery-noread-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_merge_pass_over_emptied_inputs_builds_the_gallery_from_the_shards_pictures()
    {
        var input = Path.Combine(_work, "in");
        foreach (var folder in new[] { "LAr/electrons/E0020000", "LAr/photons/E0020000" })
        {
            var to = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder))) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
        var output = Path.Combine(_work, "out");
        string[] common = ["--input", input, "--output", output, "--depth", "0.01"];
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync([.. common, "--shard", "0/2"]));
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync([.. common, "--shard", "1/2"]));

        // Every track file emptied: the merge pass must not need one.
        foreach (var f in Directory.GetFiles(input, "*", SearchOption.AllDirectories)) File.WriteAllBytes(f, []);
        var emptied = DateTime.UtcNow;
        await Task.Delay(50);

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(common));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(12, rows.Count);
        Assert.All(rows, r => Assert.True(File.Exists(ImagePaths.Thumbnail(output, (string)r["particle"]!, (int)r["energy_kev"]!, (string)r["track_id"]!)),
            $"no thumbnail kept for {r["track_id"]}"));
        var candidates = (await ParquetDataset.ReadAsync(Path.Combine(output, "quest"))).Rows;
        Assert.NotEmpty(candidates);
        foreach (var c in candidates.Where(c => (int)c["rank"]! == 1))
        {
            var path = ImagePaths.Quest(output, (string)c["category"]!);
            Assert.True(File.GetLastWriteTimeUtc(path) > emptied, $"{path} was not rebuilt by the merge pass");
            using var bitmap = SKBitmap.Decode(path);
            int h = bitmap.Height;
            int xy = ImageChecks.ChargePixels(bitmap, new SKRectI(0, 2 * h / 3, bitmap.Width / 3, h), Colormap.Plasma, TrackRenderer.DetachedColor);
            // A thin 20 MeV track in a ~100 mm frame draws ~300 charge pixels; background and truth markers alone draw none.
            Assert.True(xy > 150, $"{path}: {xy} charge pixels in the XY projection");
            Assert.True(File.Exists(EventDisplay.PagePath(output, (string)c["particle"]!, (int)c["energy_kev"]!, (string)c["track_id"]!)));
        }
        foreach (var sheet in new[] { ImagePaths.ContactSheet(output, "photons", 20000), ImagePaths.ContactSheet(output, "electrons", 20000), ImagePaths.Comparison(output, 20000) })
        {
            Assert.True(File.GetLastWriteTimeUtc(sheet) > emptied, $"{sheet} was not rebuilt by the merge pass");
            using var bitmap = SKBitmap.Decode(sheet);
            Assert.True(ImageChecks.ChargePixels(bitmap, new SKRectI(0, 0, bitmap.Width, bitmap.Height), Colormap.Plasma, TrackRenderer.DetachedColor) > 2000, $"{sheet} shows no charge");
        }
    }
}
