using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Classification;
using TrackPipeline.Tests.Cluster;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Breaker 10 F2, F3, F4, F6: a model path the user types is read against the current folder (as --model-dir is), a
/// missing or wrong one is one line that says what is wrong with it, ONNX Runtime's own console warnings stay out, and
/// a run without a readout neither needs the model nor compares it on resume.
/// </summary>
public sealed class ModelPathAsTypedTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-modeltyped-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string ShippedModel => Shipped.Classifier.ResolvedModelPath;

    /// <summary>The program in its own process started in <see cref="_work"/> (the test process's folder is the program's).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> App(IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var psi = ClusterSupport.AppProcess(args);
        psi.WorkingDirectory = _work;
        foreach (var (k, v) in environment ?? []) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private string EmptyInput() => Directory.CreateDirectory(Path.Combine(_work, "in")).FullName;

    [Fact]
    public async Task A_relative_model_path_on_the_command_line_or_in_the_environment_is_read_against_the_current_folder()
    {
        Directory.CreateDirectory(Path.Combine(_work, "m"));
        File.Copy(ShippedModel, Path.Combine(_work, "m", "trial.onnx"));
        var expected = Path.Combine(_work, "m", "trial.onnx");

        var typed = await App(["run", "--input", EmptyInput(), "--output", "o", "--show-settings", "--Classifier:ModelPath", "m/trial.onnx"]);
        Assert.True(typed.ExitCode == 0, typed.Stderr);
        Assert.Contains($"\"ModelPath\": \"{expected}\"", typed.Stdout);

        var environment = await App(["run", "--input", EmptyInput(), "--output", "o", "--show-settings"],
            new() { ["TRACKPIPELINE_Classifier__ModelPath"] = "m/trial.onnx" });
        Assert.True(environment.ExitCode == 0, environment.Stderr);
        Assert.Contains($"\"ModelPath\": \"{expected}\"", environment.Stdout);

        // The shipped default still names the program's own copy, from any folder.
        var shipped = await App(["run", "--input", EmptyInput(), "--output", "o", "--show-settings"]);
        Assert.True(shipped.ExitCode == 0, shipped.Stderr);
        Assert.Contains("\"ModelPath\": \"config/models/classifier.onnx\"", shipped.Stdout);
    }

    [Fact]
    public void A_relative_model_path_in_a_config_file_is_read_against_the_current_folder_and_the_shipped_one_is_kept()
    {
        var file = Path.Combine(_work, "mine.json");
        File.WriteAllText(file, """{ "Classifier": { "ModelPath": "elsewhere/classifier.onnx" } }""");
        var typed = RunCommand.CreateBuilder(file, []).Configuration;
        Assert.Equal(Path.GetFullPath("elsewhere/classifier.onnx"), typed["Classifier:ModelPath"]);

        var shipped = RunCommand.CreateBuilder(null, []).Configuration;
        Assert.Equal("config/models/classifier.onnx", shipped["Classifier:ModelPath"]);
    }

    [Fact]
    public void A_missing_model_says_train_only_for_the_shipped_path_and_a_folder_is_named_a_folder()
    {
        var settings = Shipped.Classifier;
        settings.ModelPath = Path.Combine(_work, "typo.onnx");
        var typo = Assert.Single(settings.Problems());
        Assert.Equal($"Classifier:ModelPath: no model at {settings.ModelPath}: that path does not exist", typo);

        settings.ModelPath = "config/models/not-trained-yet.onnx";   // relative: the shipped kind, beside the program
        Assert.EndsWith("run 'trackpipeline train' first", Assert.Single(settings.Problems()));

        settings.ModelPath = Directory.CreateDirectory(Path.Combine(_work, "dir.onnx")).FullName;
        var folder = Assert.Single(settings.Problems());
        Assert.Contains($"{settings.ModelPath} is a folder", folder);
        Assert.DoesNotContain("train' first", folder);
    }

    /// <summary>The shipped graph with its feature input's width edited from 45 to 44, as breaker 10 made it.</summary>
    private string NarrowedModel()
    {
        var graph = File.ReadAllBytes(ShippedModel);
        // The graph input: ValueInfoProto name "Features", then its shape's last dimension: dim_value (field 1, varint) = 45.
        ReadOnlySpan<byte> input = "\n\bFeatures\u0012"u8;
        int at = graph.AsSpan().LastIndexOf(input);
        Assert.True(at > 0, "the shipped graph has no 'Features' input");
        byte[] width = [0x0A, 0x02, 0x08, (byte)DetectorFeatures.Count];
        int dim = graph.AsSpan(at, 64).IndexOf(width);
        Assert.True(dim > 0, "the 'Features' input has no dimension of the feature count");
        graph[at + dim + 3] = (byte)(DetectorFeatures.Count - 1);
        var path = Path.Combine(_work, "narrow.onnx");
        File.WriteAllBytes(path, graph);
        return path;
    }

    [SharedDataFact]
    public async Task A_wrong_shape_model_is_one_line_without_onnx_runtime_s_coloured_warning()
    {
        var input = Path.Combine(_work, "one", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(input, Path.GetFileName(npz)));

        var (code, _, stderr) = await App(["run", "--input", Path.Combine(_work, "one"), "--output", "o", "--images", "none",
            "--Classifier:ModelPath", NarrowedModel()]);

        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the model reads {DetectorFeatures.Count - 1} features, this program measures {DetectorFeatures.Count}", line);
        Assert.DoesNotContain("\u001b", stderr);
    }

    [Fact]
    public void Without_a_readout_the_model_is_neither_required_nor_recorded_so_a_resume_does_not_compare_it()
    {
        var missing = Path.Combine(_work, "never-trained.onnx");
        var none = RunCommand.CreateBuilder(null, ["--Detector:Readout", "none", "--Classifier:ModelPath", missing]).Configuration;
        Assert.Empty(SettingsCatalog.Problems(none));
        Assert.Null(ClassifierModelDigest.Of(none));

        // With a readout the same path is refused, and a present model is recorded by its digest.
        var withReadout = RunCommand.CreateBuilder(null, ["--Classifier:ModelPath", missing]).Configuration;
        Assert.Contains(SettingsCatalog.Problems(withReadout), p => p.Contains($"no model at {missing}"));
        Assert.NotNull(ClassifierModelDigest.Of(RunCommand.CreateBuilder(null, []).Configuration));
        // The perfect-detector view classifies raw deposits without a readout: its model is needed.
        var perfect = RunCommand.CreateBuilder(null, ["--Detector:Readout", "none", "--Classifier:View", "PerfectDetector", "--Classifier:ModelPath", missing]).Configuration;
        Assert.Contains(SettingsCatalog.Problems(perfect), p => p.Contains($"no model at {missing}"));
    }

    [SharedDataFact]
    public async Task A_run_without_a_readout_resumes_into_its_output_with_another_model()
    {
        var input = Path.Combine(_work, "two", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(2))
            File.Copy(npz, Path.Combine(input, Path.GetFileName(npz)));
        var output = Path.Combine(_work, "out");
        var other = Path.Combine(_work, "other.onnx");
        File.WriteAllBytes(other, [.. File.ReadAllBytes(ShippedModel), 0]);   // another file, another digest

        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "two"), "--output", output, "--readout", "none", "--images", "none"]));
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "two"), "--output", output, "--readout", "none", "--images", "none",
            "--Classifier:ModelPath", other]));
        Assert.DoesNotContain(ClassifierModelDigest.ReportKey + "\": \"", File.ReadAllText(Path.Combine(output, "run.json")));
    }
}
