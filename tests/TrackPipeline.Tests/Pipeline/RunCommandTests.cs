using System.Diagnostics;
using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>The main job as a user runs it: over the real sample, with bad inputs, killed and resumed, sharded.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-run-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string SampleTracks => TestData.TracksRoot!;

    private static Dictionary<string, JsonElement> Manifest()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.ManifestPath!));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>The run command without pictures (the rendering tests cover those), unless a test asks for them.</summary>
    private static Task<int> Run(params string[] args) =>
        RunCommand.ExecuteAsync(args.Contains("--images") || args.Contains("--pipeline") ? args : [.. args, "--images", "none"]);

    [SharedDataFact]
    public async Task Sample_run_writes_one_row_per_track_matching_the_manifest()
    {
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await Run("--input", SampleTracks, "--output", output));

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        var manifest = Manifest();
        Assert.Equal(manifest.Count, tracks.Rows.Count);
        Assert.Equal(108, tracks.Rows.Count);
        foreach (var row in tracks.Rows)
        {
            var expected = manifest[(string)row["track_id"]!];
            Assert.Equal(expected.GetProperty("n_points").GetInt32(), (int)row["n_points"]!);
            Assert.Equal(expected.GetProperty("num_e_total").GetInt64(), (long)row["num_e_total"]!);
            Assert.Equal(expected.GetProperty("particle").GetString(), row["particle"]);
            Assert.Equal(expected.GetProperty("energy_kev").GetInt32(), (int)row["energy_kev"]!);
            Assert.Equal(expected.GetProperty("n_brem").GetInt32(), (int)row["truth_n_brem"]!);
            Assert.Equal(expected.GetProperty("first_interaction").GetString(), row["truth_first_interaction"]);
            Assert.Equal(expected.GetProperty("r_min")[2].GetDouble(), (double)row["z_min_m"]!);
            Assert.Equal(expected.GetProperty("r_max")[0].GetDouble(), (double)row["x_max_m"]!);
        }
        // Hive layout: one folder per particle and energy.
        Assert.All(tracks.Files, f => Assert.Matches(@"tracks/particle=(electrons|photons)/energy_kev=\d+/part-0of1-\d{5}\.parquet$", f.Replace('\\', '/')));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json")));
        Assert.Equal(108, report.RootElement.GetProperty("counts").GetProperty("tracks_written").GetInt32());
        Assert.Equal("completed", report.RootElement.GetProperty("status").GetString());
        Assert.False(Directory.Exists(Path.Combine(output, "errors")));
    }

    [SharedDataFact]
    public async Task Bad_inputs_land_in_the_errors_table_with_exit_code_2_and_no_good_track_is_lost()
    {
        var input = Path.Combine(_work, "in");
        var good = CopySample(input, "LAr/electrons/E0001000", 6);
        var firstGood = Directory.GetFiles(Path.Combine(input, "LAr/electrons/E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var bad = BadInputs.WriteAll(Path.Combine(input, "LAr", "electrons", "E0001000"), firstGood);
        BadInputs.WriteNoPickle(Path.Combine(input, "LAr", "electrons", "E0001000"), firstGood);
        good = [.. good, BadInputs.NoPickleName, .. BadInputs.TruthOnly];
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", input, "--output", output));

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(good.Order(StringComparer.Ordinal), tracks.Rows.Select(r => (string)r["track_id"]!).Order(StringComparer.Ordinal));
        // The track without a pickle is processed like the others, with null truth.
        var noPickle = tracks.Rows.Single(r => (string)r["track_id"]! == BadInputs.NoPickleName);
        Assert.Null(noPickle["truth_first_interaction"]);
        Assert.Null(noPickle["truth_n_brem"]);
        Assert.NotNull(noPickle["score_neat_electron"]);
        var errors = await ParquetDataset.ReadAsync(Path.Combine(output, "errors"));
        var byTrack = errors.Rows.ToDictionary(r => (string)r["track_id"]!);
        Assert.Equal(bad.Keys.Order(StringComparer.Ordinal), byTrack.Keys.Order(StringComparer.Ordinal));
        foreach (var (track, kind) in bad)
        {
            var row = byTrack[track];
            Assert.Equal(kind, row["error_kind"]);
            Assert.Equal("read", row["stage"]);
            Assert.Contains(track, (string)row["message"]!);
            // Below the input root, like the tracks table's (known issue P12: it was absolute).
            Assert.StartsWith("LAr/electrons/E0001000/", (string)row["source_path"]!);
            Assert.Contains(track, (string)row["source_path"]!);
            // A refused truth pickle names the .pickle and says the track itself was written; any other names the .npz.
            bool truthOnly = BadInputs.TruthOnly.Contains(track);
            Assert.EndsWith(truthOnly ? ".pickle" : ".npz", (string)row["source_path"]!);
            Assert.Equal(truthOnly, ((string)row["message"]!).StartsWith(TrackItem.TruthOnlyPrefix, StringComparison.Ordinal));
        }
        // A good .npz with a refused pickle is the track without a pickle: truth null, every other column the same.
        foreach (var track in BadInputs.TruthOnly)
        {
            var row = tracks.Rows.Single(r => (string)r["track_id"]! == track);
            foreach (var (column, value) in noPickle)
            {
                if (column.StartsWith("truth_", StringComparison.Ordinal)) Assert.Null(row[column]);
                else if (column is not ("track_id" or "source_path")) Assert.True(Equals(value, row[column]), $"{track}: {column} is {row[column]}, without a pickle {value}");
            }
        }

        // Resume: nothing to do, and neither the tracks nor the refused pickles' error rows are doubled or lost.
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", input, "--output", output));
        var tracksAgain = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(good.Order(StringComparer.Ordinal), tracksAgain.Rows.Select(r => (string)r["track_id"]!).Order(StringComparer.Ordinal));
        var errorsAgain = await ParquetDataset.ReadAsync(Path.Combine(output, "errors"));
        Assert.Equal(errors.Rows.Select(r => $"{r["track_id"]} {r["source_path"]} {r["error_kind"]} {r["message"]}").Order(StringComparer.Ordinal),
            errorsAgain.Rows.Select(r => $"{r["track_id"]} {r["source_path"]} {r["error_kind"]} {r["message"]}").Order(StringComparer.Ordinal));

        // The rows of written tracks are carried from the old error files, not from their pickles read again: with the
        // refused pickles gone from the input (a merge pass over emptied inputs), they are still said, once each.
        foreach (var track in BadInputs.TruthOnly) File.Delete(Path.Combine(input, "LAr", "electrons", "E0001000", track + ".pickle"));
        Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", input, "--output", output));
        var errorsCarried = await ParquetDataset.ReadAsync(Path.Combine(output, "errors"));
        Assert.Equal(errors.Rows.Select(r => $"{r["track_id"]} {r["source_path"]} {r["error_kind"]} {r["message"]}").Order(StringComparer.Ordinal),
            errorsCarried.Rows.Select(r => $"{r["track_id"]} {r["source_path"]} {r["error_kind"]} {r["message"]}").Order(StringComparer.Ordinal));
        Assert.Equal(good.Order(StringComparer.Ordinal),
            (await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"))).Rows.Select(r => (string)r["track_id"]!).Order(StringComparer.Ordinal));
    }

    [SharedDataFact]
    public async Task Killed_run_resumed_gives_the_same_rows_as_an_uninterrupted_run()
    {
        var whole = Path.Combine(_work, "whole");
        var resumed = Path.Combine(_work, "resumed");
        string[] common = ["--input", SampleTracks, "--Run:TracksPerFile", "2", "--max-parallelism", "1", "--images", "none"];

        Assert.Equal(ExitCodes.Success, await Run([.. common, "--output", whole]));

        // A real process, killed hard as soon as its first files have landed.
        var app = TestData.AppDll;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", app, "run", .. common, "--output", resumed]) psi.ArgumentList.Add(a);
        using (var process = Process.Start(psi)!)
        {
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = Stopwatch.StartNew();
            while (CountFiles(Path.Combine(resumed, "tracks")) < 3 && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(5);
            Assert.False(process.HasExited, "the run ended before it could be killed");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var partial = await ParquetDataset.ReadAsync(Path.Combine(resumed, "tracks"));
        Assert.InRange(partial.Rows.Count, 1, 107);

        Assert.Equal(ExitCodes.Success, await Run([.. common, "--output", resumed]));

        var expected = await ParquetDataset.ReadAsync(Path.Combine(whole, "tracks"));
        var actual = await ParquetDataset.ReadAsync(Path.Combine(resumed, "tracks"));
        Assert.Equal(Key(expected), Key(actual));
        Assert.Equal(actual.Rows.Count, actual.Rows.Select(r => r["track_id"]).Distinct().Count());
        Assert.Empty(Directory.EnumerateFiles(resumed, ".*tmp-*", SearchOption.AllDirectories));
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(resumed, "run.json")));
        Assert.Equal(partial.Rows.Count, report.RootElement.GetProperty("counts").GetProperty("skipped_already_written").GetInt32());
    }

    [SharedDataFact]
    public async Task Ctrl_C_stops_cleanly_with_exit_130_and_a_rerun_completes_the_output()
    {
        var output = Path.Combine(_work, "out");
        string[] common = ["--input", SampleTracks, "--output", output, "--Run:TracksPerFile", "2", "--max-parallelism", "1", "--images", "none"];
        var psi = TrackPipeline.Tests.Cluster.ClusterSupport.AppProcess(["run", .. common]);
        using (var process = Process.Start(psi)!)
        {
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = Stopwatch.StartNew();
            while (CountFiles(Path.Combine(output, "tracks")) < 2 && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(5);
            Assert.False(process.HasExited, "the run ended before Ctrl+C could be sent");
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync();
            Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
        }
        var partial = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.InRange(partial.Rows.Count, 1, 107);
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "run.json"))))
        {
            Assert.Equal("interrupted", report.RootElement.GetProperty("status").GetString());
            // run.json says what was written: every finished track, none dropped.
            Assert.Equal(partial.Rows.Count, report.RootElement.GetProperty("counts").GetProperty("tracks_written").GetInt32());
        }

        Assert.Equal(ExitCodes.Success, await Run(common));
        var all = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(108, all.Rows.Select(r => r["track_id"]).Distinct().Count());
        Assert.Equal(108, all.Rows.Count);
    }

    [SharedDataFact]
    public async Task Shards_cover_every_track_exactly_once()
    {
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", SampleTracks, "--output", output, "--shard", "0/3"));
        Assert.Equal(ExitCodes.Success, await Run("--input", SampleTracks, "--output", output, "--shard", "2/3"));
        Assert.Equal(ExitCodes.Success, await Run("--input", SampleTracks, "--output", output, "--shard", "1/3"));

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(108, tracks.Rows.Count);
        Assert.Equal(108, tracks.Rows.Select(r => r["track_id"]).Distinct().Count());
        Assert.True(File.Exists(Path.Combine(output, "run-1of3.json")));
        // Each shard holds a fair part, not everything.
        Assert.All(["0of3", "1of3", "2of3"], label =>
            Assert.InRange(tracks.Files.Count(f => f.Contains($"part-{label}-", StringComparison.Ordinal)), 1, 18));
    }

    [SharedDataFact]
    public async Task Tracks_of_another_material_than_the_drift_medium_are_rejected_not_drifted_wrongly()
    {
        var input = Path.Combine(_work, "in");
        var argon = CopySample(input, "LAr/electrons/E0001000", 2);
        // The same files under an LXe folder: the LAr medium preset must not drift them.
        var xenon = Directory.CreateDirectory(Path.Combine(input, "LXe", "electrons", "E0001000")).FullName;
        foreach (var f in Directory.GetFiles(Path.Combine(input, "LAr", "electrons", "E0001000")))
            File.Copy(f, Path.Combine(xenon, Path.GetFileName(f).Replace("TrackE0001000_", "TrackE0001000_Xe_")));
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.SomeInputsRejected, await Run("--input", input, "--output", output));

        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(argon.Order(StringComparer.Ordinal), tracks.Rows.Select(r => (string)r["track_id"]!).Order(StringComparer.Ordinal));
        var errors = (await ParquetDataset.ReadAsync(Path.Combine(output, "errors"))).Rows;
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal("material_mismatch", e["error_kind"]);
            Assert.Equal("drift", e["stage"]);
            Assert.Contains("LXe", (string)e["message"]!);
        });
    }

    [SharedDataFact]
    public async Task Pipeline_presets_choose_the_stages()
    {
        var input = Path.Combine(_work, "in");
        CopySample(input, "LAr/photons/E0003000", 3);
        var tables = Path.Combine(_work, "tables");
        var noiseless = Path.Combine(_work, "noiseless");

        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", tables, "--pipeline", "tables"));
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", noiseless, "--pipeline", "noiseless", "--readout", "LArPix"));

        var fast = await ParquetDataset.ReadAsync(Path.Combine(tables, "tracks"));
        Assert.Equal(3, fast.Rows.Count);
        Assert.DoesNotContain("readout", fast.Rows[0].Keys);
        Assert.DoesNotContain("pix_n_clusters", fast.Rows[0].Keys);
        Assert.DoesNotContain("score_neat_electron", fast.Rows[0].Keys);   // no pixels, nothing to classify from
        Assert.False(Directory.Exists(Path.Combine(tables, "pixels")));

        var full = await ParquetDataset.ReadAsync(Path.Combine(noiseless, "tracks"));
        Assert.All(full.Rows, r => Assert.Equal("LArPix", r["readout"]));
        var pixels = await ParquetDataset.ReadAsync(Path.Combine(noiseless, "pixels"));
        var levels = pixels.Rows.Select(r => (string)r["level"]!).ToHashSet();
        Assert.Contains("pixel_noiseless", levels);
        // Noiseless voxels hold exactly the drifted charge that landed on pixels.
        foreach (var track in full.Rows)
        {
            double noiselessCharge = pixels.Rows.Where(p => p["track_id"]!.Equals(track["track_id"]) && (string)p["level"]! == "pixel_noiseless").Sum(p => (double)p["charge_e"]!);
            Assert.Equal((double)track["pixel_noiseless_charge_e"]!, noiselessCharge, 6);
        }
    }

    [SharedDataFact]
    public async Task Settings_come_from_a_config_file_and_from_environment_variables()
    {
        var input = Path.Combine(_work, "in");
        CopySample(input, "LAr/electrons/E0000300", 3);
        var config = Path.Combine(_work, "settings.json");
        File.WriteAllText(config, """{ "Run": { "TracksPerFile": 1 }, "Detector": { "Readout": "none" } }""");
        var output = Path.Combine(_work, "out");

        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output, "--config", config));
        var tracks = await ParquetDataset.ReadAsync(Path.Combine(output, "tracks"));
        Assert.Equal(3, tracks.Files.Count);   // one track per file, as the config file says
        Assert.DoesNotContain("readout", tracks.Rows[0].Keys);

        // The environment is process-wide: check TRACKPIPELINE_Section__Key in a child process.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", TestData.AppDll, "run", "--input", input, "--output", Path.Combine(_work, "env")])
            psi.ArgumentList.Add(a);
        psi.Environment["TRACKPIPELINE_Run__Shard"] = "7/3";
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(ExitCodes.Fatal, process.ExitCode);
        Assert.Contains("Run:Shard", await stderr);
    }

    [Fact]
    public async Task A_missing_config_file_is_fatal_and_named()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.Fatal, await Run("--output", Path.Combine(_work, "out"), "--config", Path.Combine(_work, "nope.json")));
        }
        finally { Console.SetError(saved); }
        Assert.Contains("nope.json", error.ToString());
    }

    [Theory]
    [InlineData("--shard", "5/2", "Run:Shard")]
    [InlineData("--seed", "abc", "Run:Seed")]
    [InlineData("--max-parallelism", "-3", "Run:MaxParallelism")]
    [InlineData("--Run:TracksPerFile", "0", "Run:TracksPerFile")]
    public async Task A_bad_setting_is_one_clear_message_and_exit_code_1(string option, string value, string named)
    {
        var input = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.Fatal, await Run("--input", input, "--output", Path.Combine(_work, "out"), option, value));
        }
        finally { Console.SetError(saved); }
        Assert.Contains(named, error.ToString());
    }

    [Fact]
    public async Task Unknown_option_and_unwritable_output_are_fatal()
    {
        var input = Directory.CreateDirectory(Path.Combine(_work, "empty")).FullName;
        Assert.Equal(ExitCodes.Fatal, await Run("--input", input, "--ouput", "x"));
        var blocker = Path.Combine(_work, "file");
        File.WriteAllText(blocker, "not a folder");
        Assert.Equal(ExitCodes.Fatal, await Run("--input", input, "--output", Path.Combine(blocker, "out")));
    }

    private static int CountFiles(string dir) =>
        Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "part-*.parquet", SearchOption.AllDirectories).Count() : 0;

    private static List<string> Key(ParquetDataset d) =>
        d.Rows.Select(r => $"{r["track_id"]}|{r["n_points"]}|{r["num_e_total"]}|{r["x_min_m"]}|{r["truth_brem_energy_kev"]}").Order(StringComparer.Ordinal).ToList();

    /// <summary>Copies the first <paramref name="count"/> tracks of a sample folder; returns their names.</summary>
    private static List<string> CopySample(string input, string folder, int count)
    {
        var from = Path.Combine(SampleTracks, folder);
        var to = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
        var names = new List<string>();
        foreach (var npz in Directory.GetFiles(from, "*.npz").Order(StringComparer.Ordinal).Take(count))
        {
            var name = Path.GetFileNameWithoutExtension(npz);
            File.Copy(npz, Path.Combine(to, name + ".npz"));
            File.Copy(Path.Combine(from, name + ".pickle"), Path.Combine(to, name + ".pickle"));
            names.Add(name);
        }
        return names;
    }
}
