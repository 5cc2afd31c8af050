using System.IO.Compression;
using System.Text.Json.Nodes;
using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// "Retraining is one command and reproducible from its seed" (README): two trainings of one request gave the same trees
/// but not the same classifier.zip, since ML.NET dates every entry of the archive with the time it was saved; the model's
/// digest in run.json (classifier_model_sha256) then changed with every retraining. Now the bytes are the same, and so are
/// those of the ONNX export the run scores with (classifier.onnx), whose SHA-256 the provenance records.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class TrainReproducibilityTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-retrain-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private async Task<string> Train(string name)
    {
        var models = Path.Combine(_work, name);
        // A few hundred tracks with pairs among them (30 MeV photons), so the held-out share has several classes; the model
        // run reads is written into this test's folder, not over the shipped one the other tests read.
        var (code, output, error) = await ConsoleCapture.RunAsync(["train", "--seed", "31", "--count", "40", "--energies-kev", "1000,10000,30000",
            "--work", Path.Combine(_work, "sample"), "--model-dir", models, "--tracks-csv", Path.Combine(models, "tracks.csv"),
            "--Classifier:ModelPath", Path.Combine(_work, "run-" + name, "classifier.onnx")]);
        Assert.True(code == ExitCodes.Success, $"train exited {code}: {error}\n{output}");
        return models;
    }

    [Fact]
    public async Task Training_twice_from_one_seed_gives_the_same_model_bytes_and_predictions()
    {
        var first = await Train("a");
        var second = await Train("b");

        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "classifier.zip")), File.ReadAllBytes(Path.Combine(second, "classifier.zip")));
        var graph = File.ReadAllBytes(Path.Combine(first, "classifier.onnx"));
        Assert.Equal(graph, File.ReadAllBytes(Path.Combine(second, "classifier.onnx")));
        var onnx = JsonNode.Parse(File.ReadAllText(Path.Combine(first, "classifier.json")))!["onnx"]!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(graph)), onnx["sha256"]!.GetValue<string>());
        Assert.StartsWith("Microsoft.ML.OnnxRuntime 1.", onnx["runtime"]!.GetValue<string>());
        // The held-out tracks' class probabilities, and every feature, written by each training.
        Assert.Equal(File.ReadAllText(Path.Combine(first, "tracks.csv")), File.ReadAllText(Path.Combine(second, "tracks.csv")));
        // No entry carries the time of its save (the bytes could otherwise agree only when both fell in one 2 s tick).
        using (var zip = ZipFile.OpenRead(Path.Combine(first, "classifier.zip")))
        {
            Assert.NotEmpty(zip.Entries);
            Assert.All(zip.Entries, e => Assert.Equal(ReproducibleZip.EntryTime.UtcDateTime.Date, e.LastWriteTime.Date));   // noon: the same date in any time zone
        }
        // The provenance differs only in how long each step took.
        static JsonObject Provenance(string folder)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "classifier.json")))!.AsObject();
            json.Remove("seconds_generate_and_measure");
            json.Remove("seconds_fit");
            return json;
        }
        Assert.Equal(Provenance(first).ToJsonString(), Provenance(second).ToJsonString());
        // The copies run reads are the same files.
        Assert.Equal(graph, File.ReadAllBytes(Path.Combine(_work, "run-b", "classifier.onnx")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "classifier.zip")), File.ReadAllBytes(Path.Combine(_work, "run-b", "classifier.zip")));
    }
}
