using TrackPipeline.App;
using TrackPipeline.App.Cli;

namespace TrackPipeline.Tests.Hosting;

/// <summary>The command line as a user meets it: help per verb, one-line errors naming the setting and its valid values.</summary>
[Collection(ConsoleCapture.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("run", "--input", "--images")]
    [InlineData("generate", "--energies-kev", "--particles")]
    [InlineData("inspect", "FILE", "pickle")]
    public async Task Each_verb_has_its_own_help_and_exits_0(string verb, string shows, string alsoShows)
    {
        var (code, output, _) = await ConsoleCapture.RunAsync([verb, "--help"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains(shows, output);
        Assert.Contains(alsoShows, output);
        Assert.Contains($" {verb} ", output);   // the usage line (the program name is the test host here)
    }

    [Theory]
    [InlineData(new[] { "--images", "some" }, "'some'", "quest")]
    [InlineData(new[] { "--Images:Mode", "some" }, "Images:Mode", "none, quest, all")]
    [InlineData(new[] { "--readout", "GAMPix" }, "GAMPix.json", "known: AnodeGridD, GAMPixD, GAMPixG, LArPix")]
    [InlineData(new[] { "--Bogus:Key", "1" }, "Bogus", "known: Run, Detector")]
    [InlineData(new[] { "--Topology:ProngSerchRadiiMm:0", "3" }, "Topology:ProngSerchRadiiMm", "did you mean ProngSearchRadiiMm?")]
    [InlineData(new[] { "--ouptut", "x" }, "--ouptut", "did you mean --output?")]
    [InlineData(new[] { "--Run:Seed", "-4" }, "Run:Seed", "non-negative integer")]
    [InlineData(new[] { "--input", "no-such-folder/tracks" }, "Run:Input", "does not exist")]
    public async Task A_bad_setting_is_one_line_naming_it_and_what_is_valid(string[] args, string names, string valid)
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", Path.Combine(_work, "out"), .. args]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(names, StringComparison.Ordinal));
        Assert.Contains(valid, line);
        Assert.DoesNotContain("   at ", error);          // no stack trace
        Assert.DoesNotContain("Hosting failed", error);
        Assert.False(Directory.Exists(Path.Combine(_work, "out")), "a rejected command line must not create the output");
    }

    [Fact]
    public async Task Show_settings_prints_the_effective_values()
    {
        var (code, output, _) = await ConsoleCapture.RunAsync(["run", "--output", "x", "--seed", "7", "--Topology:ProngSearchRadiiMm", "3,7", "--show-settings"]);
        Assert.Equal(ExitCodes.Success, code);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(7ul, doc.RootElement.GetProperty("Run").GetProperty("Seed").GetUInt64());
        Assert.Equal([3.0, 7.0], doc.RootElement.GetProperty("Topology").GetProperty("ProngSearchRadiiMm").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public async Task An_unknown_verb_suggests_the_nearest()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["generat", "--output", "x"]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("did you mean generate?", error);
    }
}

/// <summary>Tests that swap the process-wide console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCapture
{
    public const string Name = "console";

    public static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var (savedOut, savedError) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int code = await CommandLineApp.InvokeAsync(args);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }
}

/// <summary>The smaller command-line defects of known issue P11, each as the user typed it: one line, naming the setting.</summary>
[Collection(ConsoleCapture.Name)]
public sealed class CommandLineDetailTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-cli-detail-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData(new[] { "--images", "some" }, "--images: ", "'none'")]
    [InlineData(new[] { "--pipeline", "bogus" }, "--pipeline: ", "'tables'")]
    [InlineData(new[] { "--imagse", "none" }, "--imagse", "did you mean --images?")]
    [InlineData(new[] { "--depth", "NaN" }, "Detector:DepthM: NaN", "finite distance")]
    [InlineData(new[] { "--readout", "bogus" }, "Detector:Readout: no preset bogus.json in config/readouts", "known: AnodeGridD, GAMPixD, GAMPixG, LArPix, none")]
    [InlineData(new[] { "--Detector:Medium", "LXe" }, "Detector:Medium: no preset LXe.json in config/medium", "known: LAr")]
    [InlineData(new[] { "--Detector:ConfigDirectory", "{work}/no-such-config-folder" }, "Detector:ConfigDirectory: ", "no-such-config-folder does not exist")]
    [InlineData(new[] { "--Run:Seed", "5", "--seed", "6" }, "--seed and --Run:Seed both set Run:Seed", "give one")]
    [InlineData(new[] { "--Run:Output", "another-output" }, "--output and --Run:Output both set Run:Output", "give one")]
    // Breaker13 item 4: one setting twice on one command line was last-wins, a whole list beside an item dropped the item.
    [InlineData(new[] { "--Run:Seed", "5", "--run:seed=6" }, "--Run:Seed 5 and --run:seed=6 both set run:seed on the command line", "give it once")]
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm", "3,7", "--Topology:ProngSearchRadiiMm:2", "9" },
        "--Topology:ProngSearchRadiiMm 3,7 and --Topology:ProngSearchRadiiMm:2 9 both set Topology:ProngSearchRadiiMm", "give the whole list once, e.g. --Topology:ProngSearchRadiiMm 4,9")]
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm:0", "3", "--Topology:ProngSearchRadiiMm:2", "9" },
        "Topology:ProngSearchRadiiMm: is not a whole list (items 0, 2 given, item 1 missing, in the command line)", "give every item in one value, e.g. --Topology:ProngSearchRadiiMm 4,9")]
    [InlineData(new[] { "--Training:EnergiesKev", "300,100" }, "Training:EnergiesKev must be positive energies (keV) that increase, each once", "(300, 100 given)")]
    public async Task A_run_mistake_is_one_line_naming_the_setting(string[] args, string names, string valid)
    {
        // "{work}" stands for this test's own temporary folder (no machine path in the test data).
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", Path.Combine(_work, "out"), .. args.Select(a => a.Replace("{work}", _work))]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains(names, line);
        Assert.Contains(valid, line);
        Assert.DoesNotContain("/bin/", line);   // no path below the program
    }

    /// <summary>
    /// Breaker12: a file named with terminal escape sequences (clear screen, red) was echoed raw at the end of the run and in
    /// the read stage's log line: printed, what came from the input is escaped (\x1B), never sent to the terminal as is.
    /// </summary>
    [SharedDataFact]
    public async Task A_file_name_with_escape_sequences_is_printed_escaped()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var real = TrackPipeline.Tracks.DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000")).First();
        File.Copy(real.NpzPath, Path.Combine(folder, real.Name + ".npz"));
        File.WriteAllBytes(Path.Combine(folder, "TrackE0001000_D20250527_T78\u001b[2J\u001b[31mRED.npz"), [0x50, 0x4B, 0x03, 0x04, 0, 0, 0]);

        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", Path.Combine(_work, "out"), "--images", "none"]);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        Assert.DoesNotContain('\u001b', error);
        Assert.Contains("T78\\x1B[2J\\x1B[31mRED.npz", error);
    }

    /// <summary>
    /// The reasons of rejected inputs were only in OUT/errors/*.parquet (unreadable with a bare shell): the first few are
    /// printed to stderr at the end of the run, the file below the input root and why, then how many more and where.
    /// </summary>
    [SharedDataFact]
    public async Task The_first_error_rows_are_printed_to_stderr_then_how_many_more()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var real = TrackPipeline.Tracks.DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000")).First();
        File.Copy(real.NpzPath, Path.Combine(folder, real.Name + ".npz"));
        File.Copy(real.PicklePath!, Path.Combine(folder, real.Name + ".pickle"));
        TrackPipeline.Tests.Pipeline.BadInputs.WriteAll(folder, Path.Combine(folder, real.Name + ".npz"));
        var output = Path.Combine(_work, "out");

        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"]);

        Assert.Equal(ExitCodes.SomeInputsRejected, code);
        var rows = (await TrackPipeline.Output.ParquetDataset.ReadAsync(Path.Combine(output, "errors"))).Rows;
        Assert.True(rows.Count > TrackPipeline.Pipeline.DatasetWriter.FirstErrorsKept, $"{rows.Count} error rows: too few to test 'and N more'");
        var printed = error.Split('\n').Where(l => l.StartsWith("  LAr/", StringComparison.Ordinal)).ToList();
        Assert.Equal(TrackPipeline.Pipeline.DatasetWriter.FirstErrorsKept, printed.Count);
        // The same rows as the first of the errors table, in its order (one errors file here), each path said once: the
        // line starts with it below the input root, and the message's full path is left out (it gave 250-330 characters).
        Assert.Equal(rows.Take(printed.Count).Select(r => $"  {r["source_path"]}: {TrackPipeline.App.Hosting.ErrorRowsOnStderr.WithoutFullPath((string)r["message"]!, (string)r["source_path"]!)}"), printed);
        Assert.All(printed, line => Assert.DoesNotContain(Path.Combine(_work, "in"), line));
        Assert.Contains(rows, r => ((string)r["message"]!).Contains(Path.Combine(_work, "in"), StringComparison.Ordinal));   // the table keeps it
        Assert.Contains($"  and {rows.Count - printed.Count} more: see {Path.Combine(output, "errors")}", error);
    }

    [Fact]
    public async Task A_track_file_given_as_the_input_is_named_a_file_with_the_layout_expected()
    {
        var track = Path.Combine(_work, "TrackE0001000_D20250527_T1.npz");
        File.WriteAllBytes(track, []);
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", Path.Combine(_work, "out"), "--input", track]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains("is a file, not a folder", line);
        Assert.Contains("<material>/<particle>/E<7 digits>/TrackE*.npz", line);
    }

    [Fact]
    public async Task A_file_given_as_the_output_is_named_a_file_not_a_permission_problem()
    {
        // Mend 11: it said "output folder X is not writable: The file 'X' already exists".
        var input = Directory.CreateDirectory(Path.Combine(_work, "in")).FullName;
        var file = Path.Combine(_work, "results");
        File.WriteAllText(file, "mine");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", input, "--output", file]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains($"--output {file} is a file, not a folder", line);
        Assert.DoesNotContain("not writable", line);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    [Fact]
    public async Task Malformed_config_JSON_names_the_line()
    {
        var bad = Path.Combine(_work, "bad.json");
        File.WriteAllText(bad, "{\n  \"Run\": { \"Seed\": 5,, }\n}");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", Path.Combine(_work, "out"), "--config", bad]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains(bad, line);
        Assert.Contains("LineNumber: 1", line);
    }

    /// <summary>A --config value of the wrong shape: a null inside a list crashed (exit 134), a list for a number ran with the shipped value.</summary>
    [Theory]
    [InlineData("{\"Topology\":{\"ProngSearchRadiiMm\":[4,null,9]}}", "Topology:ProngSearchRadiiMm: item 1 is null")]
    [InlineData("{\"Detector\":{\"DepthM\":[1,2]}}", "Detector:DepthM: is a list or a section, not a single value (a number)")]
    [InlineData("{\"Detector\":{\"DepthM\":null}}", "Detector:DepthM: is null, not a number")]
    [InlineData("{\"Images\":{\"Mode\":[\"all\"]}}", "Images:Mode: is a list or a section, not a single value (one of none, quest, all)")]
    public async Task A_config_value_of_the_wrong_shape_is_one_line_naming_the_setting(string json, string says)
    {
        var config = Path.Combine(_work, "shape.json");
        File.WriteAllText(config, json);
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", Path.Combine(_work, "out"), "--config", config]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains(says, Assert.Single(Lines(error)));
        Assert.False(Directory.Exists(Path.Combine(_work, "out")), "a refused setting must not create the output");
    }

    [Fact]
    public async Task Generate_seed_minus_one_is_worded_without_a_type_name()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["generate", "--output", Path.Combine(_work, "g"), "--seed", "-1"]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(Lines(error));
        Assert.Contains("--seed needs a non-negative integer", line);
        Assert.DoesNotContain("UInt64", line);
    }

    [Fact]
    public async Task Generate_without_particles_or_energies_uses_the_defaults_its_help_names()
    {
        // The help says [default: electrons,photons] and [default: 1000,10000]; leaving both out refused the command.
        var root = Path.Combine(_work, "gd");
        var (code, _, error) = await ConsoleCapture.RunAsync(["generate", "--output", root, "--count", "1", "--seed", "3"]);
        Assert.True(code == ExitCodes.Success, error);
        var names = Directory.GetFiles(root, "*.npz", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!).Replace('\\', '/')).Order().ToArray();
        Assert.Equal(["LAr/electrons/E0001000", "LAr/electrons/E0010000", "LAr/photons/E0001000", "LAr/photons/E0010000"], names);
    }

    [Fact]
    public async Task Generate_help_shows_defaults_as_they_are_typed()
    {
        var (code, output, _) = await ConsoleCapture.RunAsync(["generate", "--help"]);
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("[default: electrons,photons]", output);
        Assert.Contains("[default: 1000,10000]", output);
        Assert.DoesNotContain("Electron|Photon", output);
    }
}
