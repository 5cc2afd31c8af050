using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issue Q3: changing --images on a rerun left the gallery stale. A quest run then an all rerun drew nothing (every
/// track skipped), so the contact sheets said "not drawn" in every cell; an all run then a quest run with new tracks
/// left index.html linking sheets without them.
/// </summary>
public sealed class ImagesModeRerunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-images-rerun-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Input(string name, int count)
    {
        var to = Directory.CreateDirectory(Path.Combine(_work, name, "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(count))
            foreach (var f in (string[])[npz, Path.ChangeExtension(npz, ".pickle")])
                File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        return Path.Combine(_work, name);
    }

    private static byte[] Bytes(string path) => File.ReadAllBytes(path);

    /// <summary>
    /// Rewrites a track file with its x and y swapped: same deposits count and charge, other positions. Its old modification
    /// time is kept: a file newer than its tracks part is processed again by the resume (PartsToProcessAgain, session 30), so
    /// these tests stand for the change the time cannot show (another version copied in with `cp -p`, `rsync -a`, `tar x`),
    /// which the redraw's own check must still catch.
    /// </summary>
    private static void SwapXAndY(string npz)
    {
        var written = File.GetLastWriteTimeUtc(npz);
        var arrays = TrackPipeline.Formats.Npy.NpzReader.ReadAll(npz);
        var r = arrays["r"];
        int n = r.Shape[1];
        var positions = (double[])r.ToDoubleArray().Clone();
        for (int i = 0; i < n; i++) (positions[i], positions[n + i]) = (positions[n + i], positions[i]);
        arrays["r"] = new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.Float64, [3, n], positions);
        AtomicFile.Write(npz, s => TrackPipeline.Formats.Npy.NpzWriter.Write(s, arrays));
        File.SetLastWriteTimeUtc(npz, written);
    }

    [SharedDataFact]
    public async Task A_track_whose_file_changed_since_it_was_processed_is_not_drawn_from_the_new_file()
    {
        // Breaker B2: the redraw compared only n_points and num_e_total, so a file with its axes swapped was drawn again
        // and its pictures showed deposits its row was not made from.
        var input = Input("swapped", 3);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "none"]));
        var changed = Directory.GetFiles(Path.Combine(input, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        SwapXAndY(changed);

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "all"]));
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            bool isChanged = ((string)row[TrackColumns.SourcePath]!).EndsWith(Path.GetFileName(changed), StringComparison.Ordinal);
            Assert.Equal(!isChanged, File.Exists(ImagePaths.TrackImage(output, "electrons", 1000, PictureName.Of(row))));
        }
    }

    [SharedDataFact]
    public async Task A_quest_winner_whose_file_changed_is_not_drawn_from_the_new_file()
    {
        // The quest side tables hold no bounding box: a winner is checked by its scores (the same deposits give the same).
        var input = Input("winner", 1);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "none"]));
        SwapXAndY(Assert.Single(Directory.GetFiles(Path.Combine(input, "LAr", "electrons", "E0001000"), "*.npz")));
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "quest"]));
        Assert.Empty(Directory.GetFiles(Path.Combine(output, "quest"), "*.png"));
    }

    [SharedDataFact]
    public async Task An_all_rerun_over_tracks_processed_in_quest_mode_draws_them_as_an_all_run_does()
    {
        var input = Input("in", 4);
        var reference = Path.Combine(_work, "ref");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", reference, "--images", "all"]));
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "quest"]));
        Assert.False(File.Exists(ImagePaths.ContactSheet(output, "electrons", 1000)));

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "all"]));
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            var name = PictureName.Of(row);
            foreach (var path in (Func<string, string>[])[r => ImagePaths.TrackImage(r, "electrons", 1000, name), r => ImagePaths.Thumbnail(r, "electrons", 1000, name)])
                Assert.True(Bytes(path(reference)).AsSpan().SequenceEqual(Bytes(path(output))), $"{path(output)} differs from an all run's");
        }
        // The contact sheet shows every thumbnail, as the all run's does.
        Assert.True(Bytes(ImagePaths.ContactSheet(reference, "electrons", 1000)).AsSpan().SequenceEqual(Bytes(ImagePaths.ContactSheet(output, "electrons", 1000))),
            "the contact sheet differs from an all run's");
    }

    [SharedDataFact]
    public async Task A_quest_rerun_that_adds_tracks_keeps_the_sheets_of_the_earlier_all_run_current()
    {
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Input("two", 2), "--output", output, "--images", "all"]));
        var sheet = ImagePaths.ContactSheet(output, "electrons", 1000);
        var before = Bytes(sheet);

        // The same two tracks and two more, in quest mode: the sheet is drawn again over all four (two cells marked as not drawn).
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Input("four", 4), "--output", output, "--images", "quest"]));
        var after = Bytes(sheet);
        Assert.False(before.AsSpan().SequenceEqual(after), "the contact sheet was not drawn again for the new tracks");
        using (var bitmap = SkiaSharp.SKBitmap.Decode(sheet))
        using (var old = SkiaSharp.SKBitmap.Decode(before))
            Assert.True(bitmap.Height > old.Height, "four tracks need a second row of thumbnails");
        Assert.Contains("images/electrons/E0001000/contact_sheet.png", File.ReadAllText(ImagePaths.Index(output)));
    }
}
