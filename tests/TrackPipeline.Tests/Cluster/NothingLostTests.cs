using System.Diagnostics;
using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tests.Output;
using TrackPipeline.Tests.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Cluster;

/// <summary>
/// Nothing silently lost, memory bounded by a budget (issue 12): special files, deflate bombs, unreadable folders,
/// deterministic errors, Hive escaping and file names as they are.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // FIFOs, devices, Unix modes
public sealed class NothingLostTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-lost-").FullName;

    public void Dispose()
    {
        foreach (var d in Directory.EnumerateDirectories(_work, "*", SearchOption.AllDirectories)) File.SetUnixFileMode(d, (UnixFileMode)0b111_111_101);
        Directory.Delete(_work, recursive: true);
    }

    private static Task<int> Run(params string[] args) => RunCommand.ExecuteAsync([.. args, "--images", "none"]);

    private string Folder(string relative) => Directory.CreateDirectory(Path.Combine(_work, "in", relative)).FullName;

    private static string SampleNpz(string folder = "LAr/electrons/E0001000") =>
        Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder), "*.npz").Order(StringComparer.Ordinal).First();

    private static void LinkTrack(string npz, string folder, string? name = null)
    {
        name ??= Path.GetFileNameWithoutExtension(npz);
        File.CreateSymbolicLink(Path.Combine(folder, name + ".npz"), npz);
        File.CreateSymbolicLink(Path.Combine(folder, name + ".pickle"), Path.ChangeExtension(npz, ".pickle"));
    }

    private static async Task<Dictionary<string, Dictionary<string, object?>>> ErrorsByTrack(string output) =>
        (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.ErrorsFolder))).Rows.ToDictionary(r => (string)r["track_id"]!);

    [SharedDataFact]
    public async Task A_FIFO_track_and_a_pickle_linked_to_dev_urandom_are_error_rows_and_never_block()
    {
        var folder = Folder("LAr/electrons/E0001000");
        LinkTrack(SampleNpz(), folder);
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(folder, "TrackE0001000_fifo.npz")])) await mkfifo.WaitForExitAsync();
        File.Copy(SampleNpz(), Path.Combine(folder, "TrackE0001000_fifo.pickle"));
        File.CreateSymbolicLink(Path.Combine(folder, "TrackE0001000_urandom.npz"), SampleNpz());
        File.CreateSymbolicLink(Path.Combine(folder, "TrackE0001000_urandom.pickle"), "/dev/urandom");
        var output = Path.Combine(_work, "out");

        var run = Run("--input", Path.Combine(_work, "in"), "--output", output);
        Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(2))));
        Assert.Equal(ExitCodes.SomeInputsRejected, await run);

        var errors = await ErrorsByTrack(output);
        Assert.Equal("not_regular_file", errors["TrackE0001000_fifo"]["error_kind"]);
        Assert.Contains("FIFO", (string)errors["TrackE0001000_fifo"]["message"]!);
        Assert.Equal("not_regular_file", errors["TrackE0001000_urandom"]["error_kind"]);
        Assert.Contains("character device", (string)errors["TrackE0001000_urandom"]["message"]!);
        // The pickle is refused (never opened), not its good track: that is written without truth (mend11c).
        Assert.StartsWith(TrackPipeline.Pipeline.TrackItem.TruthOnlyPrefix, (string)errors["TrackE0001000_urandom"]["message"]!);
        Assert.EndsWith("TrackE0001000_urandom.pickle", (string)errors["TrackE0001000_urandom"]["source_path"]!);
        var tracks = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(2, tracks.Count);
        Assert.Null(tracks.Single(r => (string)r["track_id"]! == "TrackE0001000_urandom")["truth_n_brem"]);
    }

    [SharedDataFact]
    public async Task Ctrl_C_with_a_FIFO_among_the_inputs_ends_in_seconds_with_130_and_a_run_json_of_what_was_written()
    {
        var input = ClusterSupport.LinkSample(Path.Combine(_work, "in"));
        // Sorted first in the first folder, so every run meets it before it is interrupted.
        var first = Directory.GetDirectories(Path.Combine(input, "LAr", "electrons")).Order(StringComparer.Ordinal).First();
        using (var mkfifo = Process.Start("mkfifo", [Path.Combine(first, "TrackE0000000_fifo.npz")])) await mkfifo.WaitForExitAsync();
        File.Copy(Directory.GetFiles(first, "*.pickle")[0], Path.Combine(first, "TrackE0000000_fifo.pickle"));
        var output = Directory.CreateDirectory(Path.Combine(_work, "out")).FullName;
        using var process = ClusterSupport.Start("--input", input, "--output", output, "--Run:TracksPerFile", "2", "--max-parallelism", "1");
        var finished = ClusterSupport.FinishAsync(process);
        var clock = Stopwatch.StartNew();
        while (Directory.EnumerateFiles(output, "part-*.parquet", SearchOption.AllDirectories).Count() < 3 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(10);
        Assert.False(process.HasExited, "the run ended before Ctrl+C could be sent");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        var interrupted = Stopwatch.StartNew();
        Assert.Same(finished, await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(30))));
        var (code, stderr) = await finished;
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.InRange(interrupted.Elapsed.TotalSeconds, 0, 30);
        // The last word says the run was interrupted, not "Done" (known issue P11).
        Assert.Contains("Interrupted: ", stderr);
        Assert.DoesNotContain("Done: ", stderr);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal("interrupted", report.RootElement.GetProperty("status").GetString());
        var written = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows.Count;
        Assert.InRange(written, 1, 107);
        Assert.Equal(written, report.RootElement.GetProperty("counts").GetProperty("tracks_written").GetInt32());
        var fifo = (await ErrorsByTrack(output))["TrackE0000000_fifo"];
        Assert.Equal("not_regular_file", fifo["error_kind"]);
    }

    [SharedDataFact]
    public async Task Ctrl_C_that_cannot_wait_for_the_tracks_in_flight_still_ends_with_130_and_a_run_json()
    {
        var output = Directory.CreateDirectory(Path.Combine(_work, "out")).FullName;
        // A shutdown timeout far shorter than one track: the run must end without waiting for its stages.
        using var process = ClusterSupport.Start("--input", TestData.TracksRoot!, "--output", output, "--Run:TracksPerFile", "2",
            "--max-parallelism", "1", "--Run:ShutdownTimeoutSeconds", "0.001");
        var finished = ClusterSupport.FinishAsync(process);
        var clock = Stopwatch.StartNew();
        while (Directory.EnumerateFiles(output, "part-*.parquet", SearchOption.AllDirectories).Count() < 2 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            await Task.Delay(10);
        Assert.False(process.HasExited, "the run ended before Ctrl+C could be sent");
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        Assert.Same(finished, await Task.WhenAny(finished, Task.Delay(TimeSpan.FromSeconds(30))));
        var (code, stderr) = await finished;
        Assert.True(code == ExitCodes.Interrupted, stderr);
        Assert.Contains("Stopping without waiting", stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal("interrupted", report.RootElement.GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Interrupted, report.RootElement.GetProperty("exit_code").GetInt32());
        // Whatever was in flight, the files on disk are whole: a resume completes the output without duplicates.
        Assert.Equal(ExitCodes.Success, await Run("--input", TestData.TracksRoot!, "--output", output));
        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder));
        Assert.Equal(108, tracks.Rows.Count);
        Assert.Equal(108, tracks.Rows.Select(r => r["source_path"]).Distinct().Count());
    }

    [SharedDataFact]
    public async Task A_deflate_bomb_is_rejected_as_too_large_from_its_declared_sizes_before_inflating()
    {
        var folder = Folder("LAr/electrons/E0001000");
        LinkTrack(SampleNpz(), folder);
        var bomb = LargeInputs.WriteDeflateBomb(folder, "TrackE0001000_bomb", Path.ChangeExtension(SampleNpz(), ".pickle"));
        Assert.InRange(new FileInfo(bomb).Length, 1, 8 << 20);
        Assert.Equal(80_000_000L * 32 + 2 * 128, NpzReader.DeclaredBytes(bomb)); // arrays plus two 128-byte .npy headers

        // The reader alone refuses it from the central directory, before any entry is inflated.
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<TrackFormatException>(() => NpzReader.ReadAll(bomb, maxDeclaredBytes: 1L << 30));
        Assert.Equal(InputErrorKind.TooLarge, e.Kind);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, 64L << 20);

        // A run with the default budget: an error row of its own kind, the good track written.
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", Path.Combine(_work, "in"), "--output", output));
        var error = (await ErrorsByTrack(output))["TrackE0001000_bomb"];
        Assert.Equal("too_large", error["error_kind"]);
        Assert.Contains("Run:MemoryBudgetMb", (string)error["message"]!);
        Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows);
    }

    [SharedDataFact]
    public async Task Admission_holds_a_tracks_declared_footprint_and_rejects_one_larger_than_the_budget()
    {
        var folder = Folder("LAr/electrons/E0001000");
        var npz = LargeInputs.WriteTiledTrack(SampleNpz(), folder, "TrackE0001000_tiled", 500_000);
        var source = DatasetDiscovery.Discover(Path.Combine(_work, "in")).Single();
        long declared = NpzReader.DeclaredBytes(npz);
        Assert.Equal(500_000L * 32 + 2 * 128, declared);

        var roomy = new TrackAdmission(new MemoryBudget(64L << 20), bytesInFlightPerNpzByte: 4);
        var first = new TrackItem(source);
        Assert.True(await roomy.AdmitAsync(first, CancellationToken.None));
        Assert.Null(first.Failure);
        Assert.Equal(declared * 4, first.AdmittedBytes);
        // A second one does not fit beside it: it waits until the first is written.
        var second = new TrackItem(source);
        var waiting = roomy.AdmitAsync(second, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        roomy.Release(first);
        Assert.True(await waiting);
        Assert.Equal(declared * 4, roomy.Budget.InUseBytes);
        Assert.Equal(declared * 4, roomy.Budget.PeakBytes);

        var tight = new TrackAdmission(new MemoryBudget(4L << 20), bytesInFlightPerNpzByte: 4);
        var big = new TrackItem(source);
        Assert.True(await tight.AdmitAsync(big, CancellationToken.None));
        Assert.Equal("too_large", big.Failure?.ErrorKind);
        Assert.Equal(0, tight.Budget.InUseBytes);
    }

    [SharedDataFact]
    public void A_pickle_over_the_size_limit_is_too_large_and_not_read()
    {
        var source = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000")).First();
        var e = Assert.Throws<TrackFormatException>(() => TrackReader.Read(source, new TrackLimits { MaxPickleBytes = 100 }));
        Assert.Equal(InputErrorKind.TooLarge, e.Kind);
        Assert.Contains(".pickle", e.Message);
        Assert.NotNull(TrackReader.Read(source, new TrackLimits { MaxPickleBytes = 1 << 20 }));
    }

    [SharedDataFact]
    public async Task A_folder_that_cannot_be_listed_is_an_error_row_not_skipped()
    {
        var good = Folder("LAr/electrons/E0001000");
        LinkTrack(SampleNpz(), good);
        var locked = Folder("LAr/photons/E0001000");
        LinkTrack(SampleNpz("LAr/photons/E0001000"), locked);
        File.SetUnixFileMode(locked, UnixFileMode.None);
        var output = Path.Combine(_work, "out");

        // root reads every folder whatever its mode: then the run goes as an unprivileged user, like a cluster job.
        bool root = Environment.UserName == "root";
        int code;
        if (!root) code = await Run("--input", Path.Combine(_work, "in"), "--output", output);
        else
        {
            File.SetUnixFileMode(_work, (UnixFileMode)0b111_111_111);
            Directory.CreateDirectory(output);
            File.SetUnixFileMode(output, (UnixFileMode)0b111_111_111);
            var psi = new ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", "exec", ClusterSupport.AppDll, "run",
                         "--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"]) psi.ArgumentList.Add(a);
            psi.Environment["HOME"] = _work;
            psi.Environment["DOTNET_CLI_HOME"] = _work;
            using var p = Process.Start(psi)!;
            var (exit, stderr) = await ClusterSupport.FinishAsync(p);
            code = exit;
            Assert.True(exit == ExitCodes.SomeInputsRejected, stderr);
        }
        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        var errors = await ErrorsByTrack(output);
        var row = Assert.Single(errors.Values);
        Assert.Equal("LAr/photons/E0001000", row["track_id"]);
        Assert.Equal("io", row["error_kind"]);
        Assert.Contains("folder cannot be listed", (string)row["message"]!);
        Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows);
    }

    [SharedDataFact]
    public async Task The_errors_table_is_byte_identical_across_runs_and_parallelism()
    {
        var folder = Folder("LAr/electrons/E0001000");
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(4))
            LinkTrack(npz, folder);
        BadInputs.WriteAll(folder, SampleNpz());
        var outputs = new List<string>();
        foreach (var parallelism in (string[])["1", "2", "2", "4"])
        {
            var output = Path.Combine(_work, $"out{outputs.Count}");
            Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", Path.Combine(_work, "in"), "--output", output,
                "--max-parallelism", parallelism, "--Run:TracksPerFile", "3"));
            outputs.Add(output);
        }
        static List<(string Name, byte[] Bytes)> Files(string output) =>
            ParquetDataset.FilesIn(Path.Combine(output, DatasetLayout.ErrorsFolder))
                .Select(f => (Path.GetRelativePath(output, f), File.ReadAllBytes(f))).ToList();
        var first = Files(outputs[0]);
        Assert.True(first.Count >= 2, "the bad inputs should fill more than one errors file");
        foreach (var other in outputs.Skip(1))
        {
            var files = Files(other);
            Assert.Equal(first.Select(f => f.Name), files.Select(f => f.Name));
            for (int i = 0; i < first.Count; i++) Assert.True(first[i].Bytes.AsSpan().SequenceEqual(files[i].Bytes), $"{files[i].Name} differs");
        }
    }

    [SharedDataFact]
    public async Task A_partition_value_with_an_equals_sign_is_escaped_as_Hive_does_and_read_back()
    {
        var folder = Folder("LAr/el=ec/E0001000");
        LinkTrack(SampleNpz(), folder);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", Path.Combine(_work, "in"), "--output", output));

        Assert.True(Directory.Exists(Path.Combine(output, "tracks", "particle=el%3Dec", "energy_kev=1000")));
        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder));
        Assert.Equal("el=ec", Assert.Single(tracks.Rows)["particle"]);
        Assert.Equal("a%2Fb%25c%3Dd", HivePartition.Escape("a/b%c=d"));
        Assert.Equal("a/b%c=d", HivePartition.Unescape(HivePartition.Escape("a/b%c=d")));
    }

    [InteropFact]
    public async Task DuckDB_reads_an_escaped_partition_value_back()
    {
        var folder = Folder("LAr/el=ec/E0001000");
        LinkTrack(SampleNpz(), folder);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", Path.Combine(_work, "in"), "--output", output));

        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = InteropFactAttribute.Folder! };
        psi.ArgumentList.Add("check_partitions.mjs");
        psi.ArgumentList.Add(Path.Combine(output, "tracks"));
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        using var seen = JsonDocument.Parse(await stdout);
        var row = Assert.Single(seen.RootElement.EnumerateArray().ToList());
        Assert.Equal("el=ec", row.GetProperty("particle").GetString());
        Assert.Equal(1000, row.GetProperty("energy_kev").GetInt32());
    }

    [SharedDataFact]
    public async Task A_backslash_in_a_file_name_is_kept_in_source_path()
    {
        var folder = Folder("LAr/electrons/E0001000");
        LinkTrack(SampleNpz(), folder, @"TrackE0001000_a\b");
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", Path.Combine(_work, "in"), "--output", output));
        var row = Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows);
        Assert.Equal(@"LAr/electrons/E0001000/TrackE0001000_a\b.npz", row["source_path"]);
        Assert.Equal(@"TrackE0001000_a\b", row["track_id"]);
    }
}
