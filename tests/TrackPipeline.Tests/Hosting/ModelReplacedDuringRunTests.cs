using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Classification;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// breaker17 F1: a model file replaced (an atomic mv, as <c>train</c> installs one) while a run was starting. The run
/// scores with the bytes it read; run.json and runs/ must record the digest of those bytes, not of whatever the path
/// holds when the report is written, so that a resume compares the model the table was scored with.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ModelReplacedDuringRunTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-model-replaced-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Recorded(string report)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        return json.RootElement.GetProperty(ClassifierModelDigest.ReportKey).GetString()!;
    }

    [SharedDataFact]
    public async Task A_model_replaced_after_the_run_read_it_is_recorded_as_the_model_read_and_a_resume_compares_that()
    {
        var input = SampleCopies.FirstTracks(_work, 2);
        var output = Path.Combine(_work, "out");
        var live = Path.Combine(_work, "live", "classifier.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(live)!);
        var first = File.ReadAllBytes(Shipped.Classifier.ResolvedModelPath);
        // Another file ONNX Runtime loads: the shipped graph with one more protobuf field of a number ONNX does not define.
        byte[] second = [.. first, 0xC0, 0x3E, 0x01];
        File.WriteAllBytes(live, first);
        string[] args = ["--input", input, "--output", output, "--images", "none", "--Classifier:ModelPath", live];

        // As RunCommand starts a run, with the seam between the model's read and everything after it: the file is
        // replaced by an atomic rename once the run has read it (no sleep: the order is fixed).
        var builder = RunCommand.CreateBuilder(null, ["--Run:Input", input, "--Run:Output", output, "--Images:Mode", "none", "--Classifier:ModelPath", live]);
        using (var session = EarlyClassifierSession.Start(ClassifierModelDigest.FileOf(builder.Configuration)))
        {
            var replacement = live + ".new";
            File.WriteAllBytes(replacement, second);
            File.Move(replacement, live, overwrite: true);
            builder.Services.AddSingleton(session);
            using var host = builder.Build();
            Assert.Equal(ExitCodes.Success, await RunCommand.RunHostAsync(host));
        }
        Assert.Equal(Sha256(first), Recorded(Path.Combine(output, "run.json")));
        var history = Directory.GetFiles(Path.Combine(output, "runs"), "*.json");
        Assert.NotEmpty(history);
        Assert.All(history, report => Assert.Equal(Sha256(first), Recorded(report)));

        // The path now holds the other model: a resume with it would mix two models' scores in one table.
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", .. args]);
        Assert.Equal(ExitCodes.Fatal, code);
        Assert.Contains($"{ClassifierModelDigest.ReportKey} {Sha256(first)} (this run: {Sha256(second)})", error);
        // The model the table holds, back at the path: the resume is accepted.
        File.WriteAllBytes(live, first);
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(["run", .. args])).Code);
    }

    /// <summary>The same for evaluate: its report named the digest of the file when the report was written, beside the figures of the model it loaded.</summary>
    [SharedDataFact]
    public void The_evaluate_report_names_the_digest_of_the_model_it_scored_with()
    {
        var live = Path.Combine(_work, "classifier.onnx");
        var first = File.ReadAllBytes(Shipped.Classifier.ResolvedModelPath);
        File.WriteAllBytes(live, first);
        using var model = ClassifierModel.Load(live);
        File.WriteAllBytes(live, [.. first, 0xC0, 0x3E, 0x01]);   // replaced after the load, before the report
        using var setup = LearningSetup.Parse(["--input", TestData.TracksRoot!, "--Classifier:ModelPath", live], "evaluate", ["--report"]);
        var provenance = EvaluateCommand.Provenance(setup, live, model, 1);
        Assert.Contains($"- model: {live} (sha256 {Sha256(first)})", provenance);
    }
}
