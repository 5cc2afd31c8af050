using TrackPipeline.App;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 8 F7: options of <c>evaluate</c> that were ignored or resolved without a word are refused in one line, as
/// <c>run</c> refuses two sources for one setting, before anything is generated or measured.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class EvaluateOptionsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-evalopts-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>
    /// Also <c>train</c> (round 9): <c>train --input DIR --seed S</c> seeded nothing (the fit draws nothing at random: seeds 1
    /// and 2 on the sample gave identical trees) but wrote S into the model's provenance as if it had; --work and
    /// --count were ignored. Refused like evaluate's, before any track is read or any model written.
    /// </summary>
    [Theory]
    [InlineData("evaluate", new[] { "--seed", "5" }, "--input and --seed cannot be given together")]
    [InlineData("evaluate", new[] { "--seed", "5", "--count", "3" }, "--input and --seed, --count cannot be given together")]
    [InlineData("evaluate", new[] { "--energies-kev", "1000" }, "--input and --energies-kev cannot be given together")]
    [InlineData("evaluate", new[] { "--work", "W" }, "--input and --work cannot be given together")]
    [InlineData("train", new[] { "--seed", "5" }, "--input and --seed cannot be given together")]
    [InlineData("train", new[] { "--count", "3", "--work", "W" }, "--input and --count, --work cannot be given together")]
    [InlineData("train", new[] { "--energies-kev", "1000" }, "--input and --energies-kev cannot be given together")]
    // Breaker 9 B4: the settings spelling of the same options (accepted, and the provenance recorded "seed": 5).
    [InlineData("train", new[] { "--Training:Seed", "5" }, "--input and --Training:Seed cannot be given together: --Training:Seed describes a generated sample, and --input reads tracks instead (the fit itself draws nothing at random: with --input there is nothing to seed)")]
    [InlineData("train", new[] { "--training:seed=5" }, "--input and --training:seed cannot be given together")]
    [InlineData("train", new[] { "--Training:CountPerEnergy", "3", "--Training:EnergiesKev", "1000" }, "--input and --Training:CountPerEnergy, --Training:EnergiesKev cannot be given together")]
    [InlineData("evaluate", new[] { "--Training:Seed", "5" }, "--input and --Training:Seed cannot be given together")]
    public async Task Options_of_a_generated_sample_beside_input_are_one_error(string verb, string[] args, string says)
    {
        var input = Directory.CreateDirectory(Path.Combine(_work, "in")).FullName;
        var models = Path.Combine(_work, "models");
        var command = new List<string> { verb, "--input", input };
        if (verb == "train") command.AddRange(["--model-dir", models]);
        command.AddRange(args.Select(a => a == "W" ? Path.Combine(_work, "w") : a));
        var (code, output, error) = await ConsoleCapture.RunAsync([.. command]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains(says, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("measur", output);
        Assert.False(Directory.Exists(models), "no model written for a refused command line");
        Assert.False(Directory.Exists(Path.Combine(_work, "w")), "nothing generated for a refused command line");
    }

    /// <summary>The refusals are in the help of both commands, where a user looks before trying.</summary>
    [Theory]
    [InlineData("train")]
    [InlineData("evaluate")]
    public async Task The_help_names_the_option_conflicts_that_are_refused(string verb)
    {
        var (code, output, _) = await ConsoleCapture.RunAsync([verb, "--help"]);
        Assert.Equal(ExitCodes.Success, code);
        var help = System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ");
        Assert.Contains("Refused beside --seed, --count, --energies-kev or --work", help);
        Assert.Contains("Refused beside a different --Training:Seed, and beside --input", help);
        if (verb == "evaluate") Assert.Contains($"At most {TrackPipeline.App.Commands.EvaluateCommand.MaxRunSeeds} seeds", help);
    }

    [Theory]
    [InlineData("--Training:Seed", "5")]
    [InlineData("--training:seed=5", null)]
    public async Task A_seed_and_a_different_Training_Seed_are_one_error(string key, string? value)
    {
        var work = Path.Combine(_work, "w");
        string[] setting = value is null ? [key] : [key, value];
        var (code, output, error) = await ConsoleCapture.RunAsync(["evaluate", "--seed", "9001", "--count", "1", "--energies-kev", "100", "--work", work, .. setting]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("--seed 9001 and --Training:Seed 5 both set the sample's seed", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("generating", output);
        Assert.False(Directory.Exists(work), "nothing generated for a refused command line");
    }

    /// <summary>
    /// Breaker 9 B3: the printed table and the --report file named neither the model nor the readout, the drift depth or
    /// the run seed: a report at 0.02 m and one at the default depth could not be told apart.
    /// </summary>
    [SharedDataFact]
    public async Task The_report_names_the_model_readout_depth_run_seed_and_tracks()
    {
        var input = Path.Combine(_work, "in");
        foreach (var particle in new[] { "electrons", "photons" })
        {
            var from = Path.Combine(TestData.TracksRoot!, "LAr", particle, "E0010000");
            var to = Directory.CreateDirectory(Path.Combine(input, "LAr", particle, "E0010000")).FullName;
            var npz = Directory.GetFiles(from, "*.npz").Order(StringComparer.Ordinal).First();
            foreach (var file in new[] { npz, Path.ChangeExtension(npz, ".pickle") }) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        var reportFile = Path.Combine(_work, "report.md");

        var (code, output, _) = await ConsoleCapture.RunAsync(["evaluate", "--input", input, "--report", reportFile, "--Detector:DepthM", "0.02", "--Run:Seed", "77"]);

        Assert.NotEqual(ExitCodes.Fatal, code);
        var model = Path.GetFullPath(Shipped.Classifier.ResolvedModelPath);
        string sha256;
        using (var file = File.OpenRead(model)) sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file));
        var report = File.ReadAllText(reportFile);
        foreach (var says in new[] { $"- model: {model} (sha256 {sha256})", $"- readout: {TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Pipeline.DetectorOptions>(TrackPipeline.Pipeline.DetectorOptions.Section).Readout}; drift depth 0.02 m (Detector:DepthM)",
                     "- run seed of this table: 77", $"- tracks: read from {Path.GetFullPath(input)} (--input)" })
        {
            Assert.Contains(says, report);
            Assert.Contains(says, output);
        }
    }

    [Fact]
    public async Task Run_seeds_beyond_the_bound_is_one_line_not_an_abort()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["evaluate", "--count", "1", "--energies-kev", "100", "--work", Path.Combine(_work, "w"), "--run-seeds", "2147483647"]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("at most 1000 seeds", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
