using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Output;

/// <summary>
/// A rerun finds the tracks it must process again although they are written: those of a tracks part whose pixels part is
/// gone (session 27 breaker13 item 2: exit 0, "12 skipped", the pixels missing for good), and those of a part holding a
/// track whose refused .pickle was repaired since (session 26 breaker12 item 5: never read again), and (session 28's open
/// items, resume16) those of a part whose quest-rows part is gone, holding a track whose .pickle broke after it was written,
/// or a track whose truth-only errors row went with a deleted errors part. Real tracks, real runs.
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed class PartsToProcessAgainTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-process-again-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>One folder of the sample (real tracks), linked; <paramref name="cutPickle"/> copies the first .pickle cut in half.</summary>
    private (string Input, string? CutPickle, byte[]? Whole) LinkFolder(string folder, bool cutPickle = false)
    {
        var input = Path.Combine(_work, "in");
        var into = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
        string? cut = null;
        byte[]? whole = null;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)).Order(StringComparer.Ordinal))
        {
            var to = Path.Combine(into, Path.GetFileName(file));
            if (cutPickle && cut is null && file.EndsWith(".pickle", StringComparison.Ordinal))
            {
                whole = File.ReadAllBytes(file);
                File.WriteAllBytes(to, whole[..(whole.Length / 2)]);
                cut = to;
            }
            else File.CreateSymbolicLink(to, file);
        }
        return (input, cut, whole);
    }

    private static string[] Args(string input, string output) => ["run", "--input", input, "--output", output, "--images", "none"];

    /// <summary>Every row of a table of the output, each row as one line of its columns (sorted), the lines sorted: file names and order do not matter.</summary>
    private static async Task<List<string>> Rows(string output, string table)
    {
        var root = Path.Combine(output, table);
        var rows = new List<string>();
        foreach (var row in (await ParquetDataset.ReadAsync(root)).Rows)
            rows.Add(string.Join("|", row.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={Convert.ToString(c.Value, System.Globalization.CultureInfo.InvariantCulture)}")));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string TracksPartOf(string output, string pixelsPart) =>
        Path.Combine(output, OutputLayout.Tracks, Path.GetRelativePath(Path.Combine(output, OutputLayout.Pixels), pixelsPart));

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>What a rerun after damage left: its exit code, everything it said, and the rows the first run wrote.</summary>
    private sealed record Resumed(int Code, string Said, string Error, IReadOnlyDictionary<string, List<string>> Before)
    {
        public List<string> this[string table] => Before[table];
    }

    /// <summary>
    /// The sequence these tests share: a first run into <paramref name="output"/> (its exit code asserted), the rows of
    /// <paramref name="tables"/> kept, <paramref name="damage"/> done to the input or the output, then the rerun.
    /// </summary>
    private static async Task<Resumed> RunDamageRerunAsync(string input, string output, int firstCode, Action damage, params string[] tables)
    {
        var (first, _, firstError) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));
        Assert.True(first == firstCode, firstError);
        var before = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables) before[table] = await Rows(output, table);
        damage();
        var (code, stdout, error) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));
        return new Resumed(code, stdout + error, error, before);
    }

    /// <summary>The rows of every table the first run's were kept of equal those of <paramref name="output"/> now.</summary>
    private static async Task AssertSameRowsAsync(Resumed resumed, string output)
    {
        foreach (var (table, rows) in resumed.Before) Assert.Equal(rows, await Rows(output, table));
    }

    [SharedDataFact]
    public async Task A_tracks_part_whose_pixels_part_is_gone_is_processed_again_also_after_a_kill_in_between()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "electrons", "E0001000"));
        var output = Path.Combine(_work, "out");
        var killed = Path.Combine(_work, "killed");
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success, () =>
        {
            var pixelsPart = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Pixels)));
            // A run killed after the deletion, before the rewrite: the tracks part gone too, its quest-rows part still there.
            CopyFolder(output, killed);
            File.Delete(pixelsPart);
            File.Delete(Path.Combine(killed, Path.GetRelativePath(output, pixelsPart)));
            File.Delete(TracksPartOf(killed, Path.Combine(killed, Path.GetRelativePath(output, pixelsPart))));
        }, OutputLayout.Tracks, OutputLayout.Pixels, OutputLayout.QuestRows);

        Assert.NotEmpty(resumed[OutputLayout.Pixels]);
        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error);
        Assert.Contains("had no pixels part", resumed.Said);
        await AssertSameRowsAsync(resumed, output);

        var (again, _, againError) = await Hosting.ConsoleCapture.RunAsync(Args(input, killed));
        Assert.True(again == ExitCodes.Success, againError);
        await AssertSameRowsAsync(resumed, killed);
    }

    [SharedDataFact]
    public async Task A_tracks_part_without_pixels_whose_inputs_are_gone_is_refused_in_one_line_and_kept()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"));
        var output = Path.Combine(_work, "out");
        string pixelsPart = "";
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success, () =>
        {
            pixelsPart = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Pixels)));
            File.Delete(pixelsPart);
            // The merge pass over an emptied input: deleting the part would lose its tracks for good.
            File.Delete(Directory.GetFiles(input, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First());
        });

        Assert.Equal(ExitCodes.Fatal, resumed.Code);
        var line = Assert.Single(resumed.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Contains(TracksPartOf(output, pixelsPart), line);
        Assert.Contains("restore the pixels part", line);
        Assert.True(File.Exists(TracksPartOf(output, pixelsPart)), "the refused rerun must keep the tracks part");
    }

    [SharedDataFact]
    public async Task A_pickle_repaired_after_the_run_is_read_again_also_after_a_kill_in_between()
    {
        // The first .pickle cut in half: the track is written without truth, one truth-only errors row names the .pickle.
        var (input, cut, whole) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"), cutPickle: true);
        var output = Path.Combine(_work, "out");
        var (first, _, firstError) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));
        Assert.True(first == ExitCodes.SomeInputsRejected, firstError);
        Assert.Single(await Rows(output, OutputLayout.Errors));
        var track = Path.GetFileNameWithoutExtension(cut!);
        async Task<object?> TruthOf(string root) =>
            Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(root, OutputLayout.Tracks))).Rows,
                r => (string?)r[TrackColumns.TrackId] == track)[TrackColumns.TruthInitialParticle];
        Assert.Null(await TruthOf(output));

        // Repaired; and a copy as a run killed after deleting the track's tracks part, before writing it again, leaves it.
        File.WriteAllBytes(cut!, whole!);
        var killed = Path.Combine(_work, "killed");
        CopyFolder(output, killed);
        foreach (var part in ParquetDataset.FilesIn(Path.Combine(killed, OutputLayout.Tracks)))
            if ((await ParquetTableFile.ReadStringColumnAsync(part, TrackColumns.TrackId)).Contains(track)) File.Delete(part);

        var (code, stdout, error) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("refused .pickle files now read", stdout + error);
        Assert.NotNull(await TruthOf(output));
        Assert.Empty(await Rows(output, OutputLayout.Errors));
        // The same tables as a run on the repaired input from scratch, and as the rerun of the killed one.
        var fresh = Path.Combine(_work, "fresh");
        var (freshCode, _, freshError) = await Hosting.ConsoleCapture.RunAsync(Args(input, fresh));
        Assert.True(freshCode == ExitCodes.Success, freshError);
        var (again, _, againError) = await Hosting.ConsoleCapture.RunAsync(Args(input, killed));
        Assert.True(again == ExitCodes.Success, againError);
        foreach (var table in (string[])[OutputLayout.Tracks, OutputLayout.Pixels, OutputLayout.QuestRows, OutputLayout.Errors])
        {
            Assert.Equal(await Rows(fresh, table), await Rows(output, table));
            Assert.Equal(await Rows(fresh, table), await Rows(killed, table));
        }
    }

    [SharedDataFact]
    public async Task A_pickle_broken_after_its_track_was_written_is_read_again()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"));
        var output = Path.Combine(_work, "out");
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success, () =>
        {
            // The first .pickle replaced by one cut in half, after its track was written with its truth.
            var pickle = Directory.GetFiles(input, "*.pickle", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
            var whole = File.ReadAllBytes(pickle);
            File.Delete(pickle);
            File.WriteAllBytes(pickle, whole[..(whole.Length / 2)]);
        });

        // Read again: refused now, the track without truth and one errors row, as a run from scratch on this input gives.
        Assert.True(resumed.Code == ExitCodes.SomeInputsRejected, resumed.Error);
        Assert.Contains("changed since the part was written", resumed.Said);
        var fresh = Path.Combine(_work, "fresh");
        var (freshCode, _, freshError) = await Hosting.ConsoleCapture.RunAsync(Args(input, fresh));
        Assert.True(freshCode == ExitCodes.SomeInputsRejected, freshError);
        Assert.Single(await Rows(output, OutputLayout.Errors));
        foreach (var table in (string[])[OutputLayout.Tracks, OutputLayout.Pixels, OutputLayout.QuestRows, OutputLayout.Errors])
            Assert.Equal(await Rows(fresh, table), await Rows(output, table));

        // Nothing changed since: the next rerun skips every track.
        var (again, againOut, againError) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));
        Assert.True(again == ExitCodes.SomeInputsRejected, againError);
        Assert.DoesNotContain("Deleted", againOut + againError);
    }

    [SharedDataFact]
    public async Task A_track_file_emptied_after_its_track_was_written_keeps_the_track_as_written()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"));
        var output = Path.Combine(_work, "out");
        // The first .npz emptied after its track was written (inputs emptied to save disk before a merge pass): newer than its part.
        var npz = Directory.GetFiles(input, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success, () =>
        {
            File.Delete(npz);
            File.WriteAllBytes(npz, []);
        }, OutputLayout.Tracks);

        // Processing it again would cost the written track for a file that no longer holds one: kept, and said in one line.
        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error);
        Assert.Contains("changed since their tracks were written and do not read now", resumed.Said);
        Assert.Contains(Path.GetFileName(npz), resumed.Said);
        Assert.DoesNotContain("Deleted", resumed.Said);
        await AssertSameRowsAsync(resumed, output);
    }

    /// <summary>
    /// Breaker16's limit: the resume checked a changed .npz without the electron bound the read stage applies, so a file
    /// holding more electrons than <c>Run:MaxTrackEnergyMeV</c> allows passed the check, its part was processed again and
    /// the written track became a <c>too_large</c> error row (exit 2). The check reads with the read stage's limits now.
    /// </summary>
    [SharedDataFact]
    public async Task A_track_file_changed_above_the_electron_bound_after_its_track_was_written_keeps_the_track_as_written()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"));
        var output = Path.Combine(_work, "out");
        // Three deposits of 2^31-1 electrons (breaker16's crafted file), each count a valid int32: 6.4e9 electrons, above the bound.
        var npz = Directory.GetFiles(input, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success, () =>
        {
            File.Delete(npz);
            AtomicFile.Write(npz, s => TrackPipeline.Formats.Npy.NpzWriter.Write(s,
            [
                new("r", new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.Float64, [3, 3], new double[9])),
                new("num_e", new TrackPipeline.Formats.NdArray(TrackPipeline.Formats.NdElementType.Int64, [3], new long[] { int.MaxValue, int.MaxValue, int.MaxValue })),
            ]));
        }, OutputLayout.Tracks);

        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error);
        Assert.Contains("changed since their tracks were written and do not read now", resumed.Said);
        Assert.Contains(Path.GetFileName(npz), resumed.Said);
        Assert.DoesNotContain("too_large", resumed.Said);
        await AssertSameRowsAsync(resumed, output);
    }

    [SharedDataFact]
    public async Task A_changed_input_in_a_coarser_shards_part_is_named_by_a_finer_shard_and_processed_by_the_merge_pass()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"));
        var output = Path.Combine(_work, "out");
        foreach (var shard in (string[])["0/2", "1/2"])
        {
            var (code, _, error) = await Hosting.ConsoleCapture.RunAsync([.. Args(input, output), "--shard", shard]);
            Assert.True(code == ExitCodes.Success, error);
        }
        // One .npz replaced by the same bytes, modified now: changed since its track was written.
        var npz = Directory.GetFiles(input, "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var original = File.ResolveLinkTarget(npz, returnFinalTarget: true)!.FullName;
        File.Delete(npz);
        File.Copy(original, npz);
        File.SetLastWriteTimeUtc(npz, DateTime.UtcNow);

        // Finer shards cover none of the 1/2 parts: they keep them (a sibling may be skipping their tracks), but say so
        // (breaker16: they skipped the changed input silently).
        var said = new System.Text.StringBuilder();
        foreach (var shard in (string[])["0/4", "1/4", "2/4", "3/4"])
        {
            var (code, stdout, error) = await Hosting.ConsoleCapture.RunAsync([.. Args(input, output), "--shard", shard]);
            Assert.True(code == ExitCodes.Success, error);
            said.Append(stdout).Append(error);
        }
        Assert.Contains("changed since the part was written", said.ToString());
        Assert.Contains(Path.GetFileName(npz), said.ToString());
        Assert.Contains("which this run does not cover", said.ToString());

        // The unsharded pass covers them: processed again.
        var (merged, mergedOut, mergedError) = await Hosting.ConsoleCapture.RunAsync(Args(input, output));
        Assert.True(merged == ExitCodes.Success, mergedError);
        Assert.Contains("Deleted 1 tracks parts", mergedOut + mergedError);
    }

    [SharedDataFact]
    public async Task A_deleted_quest_rows_part_is_written_again()
    {
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "electrons", "E0001000"));
        var output = Path.Combine(_work, "out");
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.Success,
            () => File.Delete(Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.QuestRows)))),
            OutputLayout.Tracks, OutputLayout.QuestRows);

        Assert.NotEmpty(resumed[OutputLayout.QuestRows]);
        Assert.True(resumed.Code == ExitCodes.Success, resumed.Error);
        Assert.Contains("had no quest-rows part", resumed.Said);
        await AssertSameRowsAsync(resumed, output);
    }

    [SharedDataFact]
    public async Task A_deleted_errors_part_is_written_again_by_processing_its_tracks_again()
    {
        // The first .pickle cut in half before the run: the track is written without truth, one truth-only errors row names the .pickle.
        var (input, _, _) = LinkFolder(Path.Combine("LAr", "photons", "E0001000"), cutPickle: true);
        var output = Path.Combine(_work, "out");
        var resumed = await RunDamageRerunAsync(input, output, ExitCodes.SomeInputsRejected, () =>
        {
            foreach (var part in ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Errors))) File.Delete(part);
        }, OutputLayout.Tracks, OutputLayout.Errors);

        Assert.Single(resumed[OutputLayout.Errors]);
        Assert.True(resumed.Code == ExitCodes.SomeInputsRejected, resumed.Error);
        Assert.Contains("no errors row names", resumed.Said);
        await AssertSameRowsAsync(resumed, output);
    }
}
