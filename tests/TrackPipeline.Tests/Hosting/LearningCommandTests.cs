using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// <c>train</c> and <c>evaluate</c> as a user meets them (docs/known-issues.md P5, P6): settings checked like <c>run</c>,
/// a generated sample reused only when it is the one asked for, and no model from a sample that cannot measure it.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class LearningCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-learn-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("train", new[] { "--Bogus:Key", "1" }, "Bogus", "known: Run, Detector")]
    [InlineData("train", new[] { "--Run:Sed", "1" }, "Run:Sed", "did you mean Seed?")]
    [InlineData("evaluate", new[] { "--Bogus:Key", "1" }, "Bogus", "known: Run, Detector")]
    [InlineData("evaluate", new[] { "--Classifier:EndChargeRadiusMm", "abc" }, "Classifier:EndChargeRadiusMm", "a number")]
    public async Task An_unknown_or_bad_setting_is_refused_as_run_refuses_it(string verb, string[] args, string names, string valid)
    {
        var models = Path.Combine(_work, "models");
        var (code, output, error) = await ConsoleCapture.RunAsync([verb, "--count", "1", "--energies-kev", "100", "--work", Path.Combine(_work, "w"), .. args]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(names, StringComparison.Ordinal));
        Assert.Contains(valid, line);
        Assert.DoesNotContain("generating", output);
        Assert.False(Directory.Exists(Path.Combine(_work, "w")), "nothing generated for a refused command line");
        Assert.False(Directory.Exists(models));
    }

    [Fact]
    public async Task A_model_file_that_does_not_load_or_a_work_path_that_is_a_file_is_one_line()
    {
        var notAModel = Path.Combine(_work, "empty.onnx");
        File.WriteAllBytes(notAModel, []);
        var (code, _, error) = await ConsoleCapture.RunAsync(["evaluate", "--count", "1", "--energies-kev", "100", "--work", Path.Combine(_work, "w"),
            "--Classifier:ModelPath", notAModel]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains($"{notAModel}: not a classifier model", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        (code, _, error) = await ConsoleCapture.RunAsync(["train", "--count", "1", "--energies-kev", "100", "--work", notAModel, "--model-dir", Path.Combine(_work, "m")]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains($"--work {notAModel} is a file, not a folder", Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>breaker17 (low): train --energies-kev 0 said "'0' is not a whole number of keV"; it is a whole number out of range.</summary>
    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task An_energy_out_of_range_is_said_to_be_out_of_range(string energy)
    {
        var (code, output, error) = await ConsoleCapture.RunAsync(["train", "--count", "1", "--energies-kev", energy, "--work", Path.Combine(_work, "w"), "--model-dir", Path.Combine(_work, "m")]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"--energies-kev must be positive energies (keV) that increase, each once ({energy} given)", line);
        Assert.DoesNotContain("whole number", line);
        Assert.DoesNotContain("generating", output);
    }

    /// <summary>
    /// breaker18 item 5: train drew drift depths up to Detector:DepthM + Training:DriftDepthSpreadM with no bound (1000 m:
    /// 9 of 12 tracks read no charge, a model fitted on the rest); refused as --depth is, before anything is generated.
    /// </summary>
    [Fact]
    public async Task A_training_depth_spread_beyond_the_mediums_deepest_drift_is_refused_before_any_work()
    {
        var (code, output, error) = await ConsoleCapture.RunAsync(["train", "--count", "1", "--energies-kev", "100", "--work", Path.Combine(_work, "w"),
            "--model-dir", Path.Combine(_work, "m"), "--Training:DriftDepthSpreadM", "1000"]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Training:DriftDepthSpreadM: tracks would be drifted up to 1000 m", line);
        Assert.Contains("drift.max_depth of medium/LAr.json", line);
        Assert.DoesNotContain("generating", output);
        Assert.False(Directory.Exists(Path.Combine(_work, "w")), "nothing generated for a refused setting");
        Assert.False(Directory.Exists(Path.Combine(_work, "m")));
    }

    /// <summary>
    /// breaker17 F9: where train and evaluate write, checked before any work: a folder given for a file (or a file for a
    /// folder, or a path below a file) failed after the measuring with the runtime's message, and train's --tracks-csv
    /// only after the model was installed where run reads it.
    /// </summary>
    [Theory]
    [InlineData("train", "--model-dir", "file", "is a file, not a folder")]
    [InlineData("train", "--tracks-csv", "folder", "is a folder, not a file")]
    [InlineData("train", "--work", "below", "which is a file, not a folder")]
    [InlineData("evaluate", "--report", "folder", "is a folder, not a file")]
    [InlineData("evaluate", "--tracks-csv", "below", "which is a file, not a folder")]
    public async Task A_path_train_or_evaluate_cannot_write_is_refused_naming_its_option_before_any_work(string verb, string option, string kind, string why)
    {
        var file = Path.Combine(_work, "afile");
        File.WriteAllText(file, "");
        var folder = Directory.CreateDirectory(Path.Combine(_work, "afolder")).FullName;
        var path = kind switch { "file" => file, "folder" => folder, _ => Path.Combine(file, "x") };
        var models = Path.Combine(_work, "models");
        string[] where = option == "--work" ? [] : ["--work", Path.Combine(_work, "w")];
        if (verb == "train" && option != "--model-dir") where = [.. where, "--model-dir", models];
        var (code, output, error) = await ConsoleCapture.RunAsync([verb, "--count", "1", "--energies-kev", "100", .. where, option, path,
            "--Classifier:ModelPath", Path.Combine(_work, "run-model", "classifier.onnx")]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{option} {path}", line);
        Assert.Contains(why, line);
        Assert.DoesNotContain("generating", output);
        Assert.False(Directory.Exists(Path.Combine(_work, "w")), "nothing generated for a refused command line");
        Assert.False(Directory.Exists(models));
        Assert.False(Directory.Exists(Path.Combine(_work, "run-model")), "no model installed");
    }

    [Fact]
    public async Task A_work_folder_is_reused_only_for_the_same_sample_and_a_sample_without_held_out_tracks_gives_no_model()
    {
        var work = Path.Combine(_work, "w");
        var models = Path.Combine(_work, "models");
        // 2 tracks: the 20 % held-out share (by name hash) is empty, so there is nothing to measure the model on.
        var (code, output, error) = await ConsoleCapture.RunAsync(["train", "--count", "1", "--energies-kev", "100", "--seed", "5", "--work", work, "--model-dir", models]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains("generating 2 tracks", output);
        Assert.Contains("0 held out", error);
        Assert.False(File.Exists(Path.Combine(models, "classifier.zip")), "no model from a degenerate sample");
        Assert.False(File.Exists(Path.Combine(models, "classifier.onnx")), "no model from a degenerate sample");
        Assert.True(File.Exists(Path.Combine(work, "sample.json")));

        // The same request reuses the folder; another count, energy or seed is refused instead of measuring the old tracks.
        (_, output, _) = await ConsoleCapture.RunAsync(["train", "--count", "1", "--energies-kev", "100", "--seed", "5", "--work", work, "--model-dir", models]);
        Assert.Contains("reusing the 2 generated tracks", output);
        foreach (var other in new[] { new[] { "--count", "2", "--energies-kev", "100", "--seed", "5" }, ["--count", "1", "--energies-kev", "300", "--seed", "5"], ["--count", "1", "--energies-kev", "100", "--seed", "6"] })
        {
            (code, output, error) = await ConsoleCapture.RunAsync(["evaluate", .. other, "--work", work]);
            Assert.Equal(ExitCodes.Fatal, code);
            Assert.Contains("holds another generated sample", error);
            Assert.DoesNotContain("measured", output);
        }
    }
}

/// <summary>
/// Found by the lead (session 8): <c>run</c> and <c>evaluate</c> read <c>Classifier:ModelPath</c> resolved against the
/// program's folder (the build output, a tool's store), <c>train</c> wrote only to <c>--model-dir</c>; after retraining,
/// the program started directly kept scoring with the old model. <c>train</c> now also writes the path run resolves.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class TrainedModelReachesRunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-trainrun-").FullName;

    // A relative ModelPath given on the command line, resolved as run resolves a path the user gives (against the current
    // folder, breaker 10 F2; the test host's is the program's folder), in a folder of its own so the shipped model the
    // other tests read there is not replaced.
    private readonly string _relative = Path.Combine($"tp-trainrun-{Guid.NewGuid():N}", "classifier.onnx");

    private string RunReads => Path.GetFullPath(_relative);

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        if (Directory.Exists(Path.GetDirectoryName(RunReads))) Directory.Delete(Path.GetDirectoryName(RunReads)!, recursive: true);
    }

    [Fact]
    public async Task After_train_the_model_path_run_resolves_holds_the_model_just_trained()
    {
        var models = Path.Combine(_work, "models");
        Assert.NotEqual(Path.GetFullPath(Path.Combine(models, "classifier.onnx")), Path.GetFullPath(RunReads));
        Directory.CreateDirectory(Path.GetDirectoryName(RunReads)!);
        File.WriteAllText(RunReads, "the model of an earlier build");
        // 16 tracks: the smallest generated sample here that leaves held-out tracks to measure the model on.
        var (code, output, error) = await ConsoleCapture.RunAsync(["train", "--count", "4", "--energies-kev", "100,1000", "--seed", "5",
            "--work", Path.Combine(_work, "w"), "--model-dir", models, "--Classifier:ModelPath", _relative]);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(models, "classifier.onnx")), File.ReadAllBytes(RunReads));
        Assert.Equal(File.ReadAllBytes(Path.Combine(models, "classifier.zip")), File.ReadAllBytes(Path.ChangeExtension(RunReads, ".zip")));
        Assert.Equal(File.ReadAllText(Path.Combine(models, "classifier.json")), File.ReadAllText(Path.ChangeExtension(RunReads, ".json")));
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Contains(Path.GetFullPath(models), last);
        Assert.Contains($"and to {Path.GetFullPath(RunReads)}, the model run and evaluate read", last);
        Assert.DoesNotContain("warning", error);
        // The presets' values the features were measured with, so that run can compare them (breaker18 item 4).
        var presets = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(models, "classifier.json")))!["detector"]![TrackPipeline.App.Hosting.DetectorPresetValues.ReportKey]!;
        Assert.Equal(0.0005, presets["readouts/GAMPixG.json"]!["fine"]!["pitch"]!["value"]!.GetValue<double>());
        Assert.Equal(12e-4, presets["medium/LAr.json"]!["medium"]!["transverse_diffusion"]!["value"]!.GetValue<double>());
    }
}

/// <summary>
/// Found trying the tool as a user (eighth session): <c>evaluate</c> without <c>--seed</c> generates with the training
/// seed, i.e. the very tracks the model was fitted on, and reported it as any other sample. It now says so.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class EvaluateTrainingSeedTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-evalseed-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Evaluate_on_the_models_training_seed_warns_that_the_tracks_are_its_training_sample()
    {
        var trainingSeed = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot!, "config", "models", "classifier.json")))!["seed"]!.GetValue<ulong>();
        var (_, _, error) = await ConsoleCapture.RunAsync(["evaluate", "--count", "1", "--energies-kev", "100", "--work", Path.Combine(_work, "a")]);
        Assert.Contains($"seed {trainingSeed} is the seed the model was trained on", error);

        (_, _, error) = await ConsoleCapture.RunAsync(["evaluate", "--count", "1", "--energies-kev", "100", "--seed", (trainingSeed + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--work", Path.Combine(_work, "b")]);
        Assert.DoesNotContain("trained on", error);
    }
}

/// <summary>
/// Breaker 11 F3: the launcher runs <c>train</c> in the ReadyToRun build, which wrote the new model beside itself, and
/// <c>run</c> in the Native AOT binary, which kept reading the old model beside itself. The copy now also goes into every
/// AOT publish folder of the same build (a fake one here: no AOT publish in a test).
/// </summary>
public sealed class TrainedModelReachesNativeAotTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-trainaot-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The end of train's last line for each outcome of the copy, word for word as before it became a result type.</summary>
    [Fact]
    public void Train_says_which_model_run_reads()
    {
        const string trained = "/m/classifier.onnx", a = "/r2r/classifier.onnx", b = "/aot/classifier.onnx";
        Assert.Equal($"; Classifier:ModelPath is empty, so it was copied nowhere else: run and evaluate need --Classifier:ModelPath {trained}", new ModelCopyResult(trained, true, [], []).Describe());
        Assert.Equal(", the model run and evaluate read (Classifier:ModelPath)", new ModelCopyResult(trained, false, [], []).Describe());
        Assert.Equal($", and to {a}, the model run and evaluate read (Classifier:ModelPath)", new ModelCopyResult(trained, false, [a], []).Describe());
        Assert.Equal($", and to {a} and {b}, the models run and evaluate read (Classifier:ModelPath beside the ReadyToRun build and the Native AOT binary ./trackpipeline runs)",
            new ModelCopyResult(trained, false, [a, b], []).Describe());
        Assert.Equal($", and to {a}; NOT to {b}, which run and evaluate read (still the old model): pass --Classifier:ModelPath {trained}",
            new ModelCopyResult(trained, false, [a], [b]).Describe());
        Assert.Equal($"; NOT to {a}, which run and evaluate read (still the old model): pass --Classifier:ModelPath {trained}",
            new ModelCopyResult(trained, false, [], [a]).Describe());
    }

    [Fact]
    public void The_model_beside_the_ReadyToRun_build_is_also_written_beside_the_Native_AOT_binary()
    {
        const string modelPath = "config/models/classifier.onnx";   // relative: resolved against the program's folder, as shipped
        var project = Path.Combine(_work, "src", "TrackPipeline");
        var readyToRun = Directory.CreateDirectory(Path.Combine(project, "bin", "Release", "net10.0")).FullName;
        var publish = Directory.CreateDirectory(NativeAotPublishFolder.Of(project, "Release", "net10.0", "linux-x64")).FullName;
        var aotModel = Path.Combine(publish, modelPath);
        Directory.CreateDirectory(Path.GetDirectoryName(aotModel)!);
        File.WriteAllText(aotModel, "the model of an earlier publish");
        // Another configuration's AOT folder is not this build's.
        var debugPublish = Directory.CreateDirectory(NativeAotPublishFolder.Of(project, "Debug", "net10.0", "linux-x64")).FullName;

        var trained = Directory.CreateDirectory(Path.Combine(_work, "models")).FullName;
        var (onnx, zip, json) = (Path.Combine(trained, "classifier.onnx"), Path.Combine(trained, "classifier.zip"), Path.Combine(trained, "classifier.json"));
        File.WriteAllText(onnx, "the graph just trained");
        File.WriteAllText(zip, "its trees");
        File.WriteAllText(json, "{\"seed\": 1}");
        var error = new StringWriter();

        var said = RunModelCopy.Install(onnx, zip, json, new ClassifierSettings { ModelPath = modelPath }, readyToRun + Path.DirectorySeparatorChar, error);

        Assert.Equal("", error.ToString());
        var readyToRunModel = Path.GetFullPath(Path.Combine(readyToRun, modelPath));
        foreach (var model in new[] { readyToRunModel, Path.GetFullPath(aotModel) })
        {
            Assert.Equal("the graph just trained", File.ReadAllText(model));
            Assert.Equal("its trees", File.ReadAllText(Path.ChangeExtension(model, ".zip")));
            Assert.Equal("{\"seed\": 1}", File.ReadAllText(Path.ChangeExtension(model, ".json")));
            Assert.Contains(model, said.Written);
            Assert.Contains(model, said.Describe());
        }
        Assert.Empty(said.NotWritten);
        Assert.False(File.Exists(Path.Combine(debugPublish, modelPath)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(aotModel)!, ".*"));   // atomic: no temporary file left

        // A model path the user gave (made absolute) is one file: nothing is written beside either build.
        File.WriteAllText(aotModel, "the model of an earlier publish");
        var own = Path.Combine(_work, "own", "classifier.onnx");
        said = RunModelCopy.Install(onnx, zip, json, new ClassifierSettings { ModelPath = own }, readyToRun, error);
        Assert.Equal("the graph just trained", File.ReadAllText(own));
        Assert.Equal("the model of an earlier publish", File.ReadAllText(aotModel));
        Assert.Equal([Path.GetFullPath(own)], said.Written);
        Assert.DoesNotContain(publish, said.Describe());

        // No model path: nothing written anywhere.
        said = RunModelCopy.Install(onnx, zip, json, new ClassifierSettings { ModelPath = " " }, readyToRun, error);
        Assert.True(said.ModelPathEmpty);
        Assert.Empty(said.Written);
        Assert.Equal("the model of an earlier publish", File.ReadAllText(aotModel));
    }
}
