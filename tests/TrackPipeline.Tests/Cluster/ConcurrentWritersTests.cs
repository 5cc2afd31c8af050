using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Pipeline;

namespace TrackPipeline.Tests.Cluster;

/// <summary>
/// Many writers, one output (issue 12): job-array shards started together, a second writer of the same shard, the
/// final unsharded pass, and resume keyed by the path below the input root.
/// </summary>
public sealed class ConcurrentWritersTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-cluster-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static Task<int> Run(params string[] args) => RunCommand.ExecuteAsync([.. args, "--images", "none"]);

    /// <summary>The sample (linked) plus the bad inputs of <see cref="BadInputs"/>, so the errors table has rows too.</summary>
    private string SampleWithBadInputs()
    {
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        var folder = Path.Combine(input, "LAr", "electrons", "E0001000");
        BadInputs.WriteAll(folder, Directory.GetFiles(folder, "*.npz").Order(StringComparer.Ordinal).First());
        return input;
    }

    private static async Task AssertSameRows(string expected, string actual)
    {
        foreach (var table in (string[])[DatasetLayout.TracksFolder, DatasetLayout.PixelsFolder, DatasetLayout.ErrorsFolder])
        {
            var want = await ClusterSupport.RowsAsync(Path.Combine(expected, table));
            var got = await ClusterSupport.RowsAsync(Path.Combine(actual, table));
            Assert.True(want.Count > 0, $"the reference run has no {table} rows: the comparison would prove nothing");
            Assert.Equal(want.Count, got.Count);
            Assert.Equal(want, got);
        }
    }

    [SharedDataFact]
    public async Task Three_shards_started_together_then_the_unsharded_pass_give_exactly_the_unsharded_rows()
    {
        var input = SampleWithBadInputs();
        var whole = Path.Combine(_work, "whole");
        var shared = Path.Combine(_work, "shared");
        string[] common = ["--input", input, "--Run:TracksPerFile", "2", "--max-parallelism", "1"];
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run([.. common, "--output", whole]));

        // As a job array starts them: three processes at once into one output, many small files each.
        var shards = new[] { "0/3", "1/3", "2/3" }.Select(s => ClusterSupport.Start([.. common, "--output", shared, "--shard", s])).ToList();
        var results = await Task.WhenAll(shards.Select(ClusterSupport.FinishAsync));
        foreach (var p in shards) p.Dispose();
        foreach (var (code, stderr) in results)
            Assert.True(code is ExitCodes.Success or ExitCodes.SomeInputsRejected, $"a shard exited {code}: {stderr}");
        await AssertSameRows(whole, shared);

        // The README's final pass (every track skipped, quest over all shards) must not add a second copy of anything.
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run([.. common, "--output", shared]));
        await AssertSameRows(whole, shared);
        Assert.Empty(Directory.EnumerateFiles(shared, ".*.tmp-*", SearchOption.AllDirectories));
    }

    /// <summary>
    /// Why the test below is not timing-dependent any more (it failed under load: each shard held the earlier pass's lock
    /// exclusively until it had cleaned up, and its sibling probed that lock for ProbeGrace, 2 s, then refused). Sibling
    /// shards take the coarser lock shared, so the second acquires while the first still holds it, at any load; the
    /// unsharded pass, which takes its own lock exclusively, stays refused beside live shards.
    /// </summary>
    [Fact]
    public async Task Sibling_shards_share_the_lock_of_an_earlier_unsharded_pass_which_stays_refused_beside_them()
    {
        var output = Directory.CreateDirectory(Path.Combine(_work, "leases")).FullName;
        using (await ShardLease.AcquireAsync(output, ShardSpec.Single, wait: false, CancellationToken.None)) { }   // the merge pass's lock file

        using var first = await ShardLease.AcquireAsync(output, new ShardSpec(0, 2), wait: false, CancellationToken.None);
        Assert.Contains(ShardSpec.Single, first.Held);   // its leftovers are the shard's to clean (PrepareForResume)
        using var second = await ShardLease.AcquireAsync(output, new ShardSpec(1, 2), wait: false, CancellationToken.None);
        Assert.Contains(ShardSpec.Single, second.Held);

        var refused = await Assert.ThrowsAsync<ShardBusyException>(() => ShardLease.AcquireAsync(output, ShardSpec.Single, wait: false, CancellationToken.None));
        Assert.Contains("by another live process", refused.Message);
        Assert.True(ShardLease.IsHeld(output, ShardSpec.Single));
        first.Dispose();
        second.Dispose();
        Assert.False(ShardLease.IsHeld(output, ShardSpec.Single));
    }

    /// <summary>Regression: shards held the lock of the earlier unsharded pass for their whole run, so a job array
    /// re-submitted into an output that a merge job had written let one task through and refused the others. Robust by
    /// design since session 26 (the test above), not by a longer grace.</summary>
    [SharedDataFact]
    public async Task Shards_started_together_after_an_unsharded_pass_do_not_refuse_each_other()
    {
        var input = SampleWithBadInputs();
        var shared = Path.Combine(_work, "shared");
        string[] common = ["--input", input, "--max-parallelism", "1"];
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run([.. common, "--output", shared]));
        var shards = new[] { "0/2", "1/2" }.Select(s => ClusterSupport.Start([.. common, "--output", shared, "--shard", s])).ToList();
        var results = await Task.WhenAll(shards.Select(ClusterSupport.FinishAsync));
        foreach (var p in shards) p.Dispose();
        foreach (var (code, stderr) in results)
            Assert.True(code is ExitCodes.Success or ExitCodes.SomeInputsRejected, $"a shard exited {code}: {stderr}");
    }

    /// <summary>
    /// Regression (known issue Q1): two shards with different seeds started together into a fresh output both passed the
    /// settings check (each read the other's report only once it existed) and both wrote. The check and the "running"
    /// report are now one step under a lock: exactly one of them writes, whichever starts first.
    /// </summary>
    [SharedDataFact]
    public async Task Shards_started_together_with_different_seeds_do_not_both_write()
    {
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        var output = Path.Combine(_work, "out");
        var shards = new[] { ("0/2", "1"), ("1/2", "2") }
            .Select(s => ClusterSupport.Start("--input", input, "--output", output, "--shard", s.Item1, "--seed", s.Item2)).ToList();
        var results = await Task.WhenAll(shards.Select(ClusterSupport.FinishAsync));
        foreach (var p in shards) p.Dispose();

        var written = results.Where(r => r.ExitCode == ExitCodes.Success).ToList();
        var refused = results.Where(r => r.ExitCode == ExitCodes.Fatal).ToList();
        Assert.True(written.Count == 1 && refused.Count == 1, string.Join("\n", results.Select(r => $"exit {r.ExitCode}: {r.Stderr}")));
        Assert.Contains("other settings: Run:Seed", refused[0].Stderr);
        // Only the run that wrote is on record, and every tracks part is its shard's.
        var report = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(output, "runs"))))).RootElement;
        var label = ShardSpec.TryParse(report.GetProperty("shard").GetString(), out var winner, out _) ? winner.Label : "?";
        var parts = ParquetDataset.FilesIn(Path.Combine(output, DatasetLayout.TracksFolder)).ToList();
        Assert.NotEmpty(parts);
        Assert.All(parts, f => Assert.StartsWith($"part-{label}-", Path.GetFileName(f)));
    }

    [SharedDataFact]
    public async Task A_run_killed_before_its_first_row_does_not_refuse_later_runs_with_other_settings()
    {
        // Breaker B1: a seed-1 run killed at start (its "running" report left in runs/, no row written), then a seed-2
        // run into the same output; every later seed-2 run was refused for good ("already holds rows made with other
        // settings: Run:Seed 1") although no row was ever made with seed 1.
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        var output = Path.Combine(_work, "out");
        // One partition only, so one part for the whole run, written after its last track (the writer flushes a partition
        // when discovery moves to the next: the sample's first folder, six 100 keV tracks, was written within a second,
        // CI at 49d5a83), one worker, the 50 MeV electrons ten times over: seconds of work after its "running" report, so
        // the kill lands before its part even when this thread is starved (CI at fa85b8a: the kill came late, loaded).
        var slow = Path.Combine(_work, "in-slow");
        var heavy = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0050000");
        var slowFolder = Directory.CreateDirectory(Path.Combine(slow, "LAr", "electrons", "E0050000")).FullName;
        for (int copy = 0; copy < 10; copy++)
            foreach (var npz in Directory.EnumerateFiles(heavy, "*.npz"))
                File.CreateSymbolicLink(Path.Combine(slowFolder, $"{Path.GetFileNameWithoutExtension(npz)}_copy{copy}.npz"), npz);
        var killed = ClusterSupport.Start("--input", slow, "--output", output, "--seed", "1", "--Run:TracksPerFile", "100000",
            "--Run:MaxParallelism", "1");
        var runs = Path.Combine(output, "runs");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(Directory.Exists(runs) && Directory.EnumerateFiles(runs, "*.json").Any()) && clock.Elapsed < TimeSpan.FromMinutes(2) && !killed.HasExited)
            await Task.Delay(20);
        killed.Kill(entireProcessTree: true);
        await killed.WaitForExitAsync();
        killed.Dispose();
        Assert.Single(Directory.GetFiles(runs, "*.json"));
        Assert.Empty(ParquetDataset.FilesIn(Path.Combine(output, DatasetLayout.TracksFolder)));   // killed before its only part

        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output, "--seed", "2"));
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output, "--seed", "2"));   // resume: refused before the fix
        // Rows now exist (seed 2): a seed-1 run is still refused, naming the seed-2 rows only. Several times: a refused run
        // used to exit while ONNX Runtime was still creating the classifier's session on the stage-building thread, and
        // about 1 in 8 died in its native code (exit 139 or 135) instead of exiting 1 (CI at f29ed9b).
        for (int attempt = 0; attempt < 6; attempt++)
        {
            var (code, stderr) = await ClusterSupport.FinishAsync(ClusterSupport.Start("--input", input, "--output", output, "--seed", "1"));
            Assert.True(code == ExitCodes.Fatal, $"attempt {attempt}: exit {code}, expected {ExitCodes.Fatal}: {stderr}");
            Assert.Contains("Run:Seed 2 (this run: 1)", stderr);
        }
    }

    [SharedDataFact]
    public async Task Something_else_in_place_of_the_lock_folder_or_a_lock_is_one_line_saying_what_to_remove()
    {
        // Breaker B6: ".locks" as a file gave "The file '.../.locks' already exists", a folder named settings.lock
        // "Access to the path ... is denied".
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        var output = Directory.CreateDirectory(Path.Combine(_work, "out")).FullName;
        File.WriteAllText(Path.Combine(output, ".locks"), "");
        var (code, stderr) = await ClusterSupport.FinishAsync(ClusterSupport.Start("--input", input, "--output", output));
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains(".locks is a file, not the folder of the output's locks: remove it", stderr);

        File.Delete(Path.Combine(output, ".locks"));
        Directory.CreateDirectory(Path.Combine(output, ".locks", "settings.lock"));
        (code, stderr) = await ClusterSupport.FinishAsync(ClusterSupport.Start("--input", input, "--output", output));
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("settings.lock is a folder, not a lock file: remove it", stderr);
        Assert.False(Directory.Exists(Path.Combine(output, DatasetLayout.TracksFolder)));
    }

    [SharedDataFact]
    public async Task A_second_writer_of_the_same_shard_is_refused_with_a_message_naming_the_shard()
    {
        var output = Path.Combine(_work, "out");
        using (await ShardLease.AcquireAsync(output, new ShardSpec(1, 3), wait: false, CancellationToken.None))
        {
            var refused = ClusterSupport.Start("--input", TestData.TracksRoot!, "--output", output, "--shard", "1/3");
            var (code, stderr) = await ClusterSupport.FinishAsync(refused);
            Assert.Equal(ExitCodes.Fatal, code);
            Assert.Contains("shard 1/3 is already being written", stderr);
            Assert.False(Directory.Exists(Path.Combine(output, DatasetLayout.TracksFolder)));
            // A different shard of the same array is not held up.
            Assert.Equal(ExitCodes.Success, await Run("--input", TestData.TracksRoot!, "--output", output, "--shard", "0/3"));
            // The unsharded pass overlaps the live shard: refused too, naming it.
            var unsharded = ClusterSupport.Start("--input", TestData.TracksRoot!, "--output", output);
            var (code2, stderr2) = await ClusterSupport.FinishAsync(unsharded);
            Assert.Equal(ExitCodes.Fatal, code2);
            Assert.Contains("shard 1/3 is being written", stderr2);
        }
    }

    [SharedDataFact]
    public async Task Two_identical_runs_started_together_with_waiting_write_every_row_once()
    {
        var whole = Path.Combine(_work, "whole");
        var shared = Path.Combine(_work, "shared");
        string[] common = ["--input", TestData.TracksRoot!, "--Run:TracksPerFile", "4"];
        Assert.Equal(ExitCodes.Success, await Run([.. common, "--output", whole]));

        var twins = Enumerable.Range(0, 2).Select(_ => ClusterSupport.Start([.. common, "--output", shared, "--Run:WaitForShard", "true"])).ToList();
        var results = await Task.WhenAll(twins.Select(ClusterSupport.FinishAsync));
        foreach (var p in twins) p.Dispose();
        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.Success, r.Stderr));
        foreach (var table in (string[])[DatasetLayout.TracksFolder, DatasetLayout.PixelsFolder])
            Assert.Equal(await ClusterSupport.RowsAsync(Path.Combine(whole, table)), await ClusterSupport.RowsAsync(Path.Combine(shared, table)));
    }

    [SharedDataFact]
    public async Task The_same_file_name_under_electrons_and_photons_is_two_tracks_for_resume()
    {
        var input = Path.Combine(_work, "in");
        var source = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var stem = Path.GetFileNameWithoutExtension(source);
        void Place(string particle)
        {
            var dir = Directory.CreateDirectory(Path.Combine(input, "LAr", particle, "E0001000")).FullName;
            File.CreateSymbolicLink(Path.Combine(dir, stem + ".npz"), source);
            File.CreateSymbolicLink(Path.Combine(dir, stem + ".pickle"), Path.ChangeExtension(source, ".pickle"));
        }
        var output = Path.Combine(_work, "out");
        // The state a kill -9 leaves after the electrons' file landed and before the photons' one: then resume.
        Place("electrons");
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output));
        Place("photons");
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output));

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder));
        Assert.Equal(["electrons", "photons"], tracks.Rows.Select(r => (string)r["particle"]!).Order(StringComparer.Ordinal));
        Assert.All(tracks.Rows, r => Assert.Equal(stem, r["track_id"]));
    }

    [SharedDataFact]
    public async Task Temporary_files_of_a_live_shard_survive_and_those_of_a_dead_one_are_removed_by_its_cover()
    {
        var output = Path.Combine(_work, "out");
        var folder = Directory.CreateDirectory(Path.Combine(output, DatasetLayout.TracksFolder, "particle=x", "energy_kev=1")).FullName;
        var live = Path.Combine(folder, ".part-1of3-00000.parquet.tmp-1of3-abc");
        var dead = Path.Combine(folder, ".part-2of3-00000.parquet.tmp-2of3-def");
        // A pixel file of the dead shard whose track file never landed: its rows would double the pixels of a rerun.
        var orphan = Path.Combine(output, DatasetLayout.PixelsFolder, "particle=x", "energy_kev=1", "part-2of3-00000.parquet");
        File.WriteAllText(live, "");
        File.WriteAllText(dead, "");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        File.WriteAllText(orphan, "");
        // Shard 2/3 once ran here and died (its lock file exists, nobody holds it).
        using (await ShardLease.AcquireAsync(output, new ShardSpec(2, 3), wait: false, CancellationToken.None)) { }

        using (await ShardLease.AcquireAsync(output, new ShardSpec(1, 3), wait: false, CancellationToken.None))
        {
            Assert.Equal(ExitCodes.Success, await Run("--input", TestData.TracksRoot!, "--output", output, "--shard", "0/3"));
            Assert.True(File.Exists(live), "shard 0/3 deleted a live shard's temporary file");
            Assert.True(File.Exists(dead), "shard 0/3 does not own shard 2/3's files");
        }
        // The unsharded pass covers 2/3, whose lock it can take: its leftovers go.
        Assert.Equal(ExitCodes.Success, await Run("--input", TestData.TracksRoot!, "--output", output));
        Assert.False(File.Exists(dead));
        Assert.False(File.Exists(orphan));
    }

    [Theory]
    [InlineData(0, 3, 1, 3, false)]
    [InlineData(0, 1, 2, 3, true)]
    [InlineData(0, 2, 1, 4, false)]
    [InlineData(0, 2, 2, 4, true)]
    [InlineData(1, 2, 0, 3, true)]
    public void Shards_overlap_exactly_when_some_track_hash_falls_in_both(int k, int n, int k2, int n2, bool overlap)
    {
        var a = new ShardSpec(k, n);
        var b = new ShardSpec(k2, n2);
        Assert.Equal(overlap, ShardLease.Overlap(a, b));
        Assert.Equal(overlap, ShardLease.Overlap(b, a));
        // Brute force over hashes: the closed form must agree with counting.
        bool counted = Enumerable.Range(0, n * n2).Any(h => h % n == k && h % n2 == k2);
        Assert.Equal(counted, overlap);
        bool covers = Enumerable.Range(0, n * n2).Where(h => h % n2 == k2).All(h => h % n == k);
        Assert.Equal(covers, ShardLease.Covers(a, b));
    }
}
