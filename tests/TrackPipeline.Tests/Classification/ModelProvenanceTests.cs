using TrackPipeline.App;
using TrackPipeline.Classification;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// breaker17 F3: train writes classifier.zip, classifier.onnx and classifier.json one after the other (each atomically);
/// a train stopped between them left a new graph beside the old provenance, and run scored with it without a word. The
/// provenance records the graph's SHA-256: a graph that is not the one it records is refused in one line naming both files.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ModelProvenanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tp-provenance-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The shipped model and its provenance copied into a folder of their own; the path of the copied graph.</summary>
    private string ShippedSet()
    {
        var model = Path.Combine(_dir, "classifier.onnx");
        File.Copy(Shipped.Classifier.ResolvedModelPath, model);
        File.Copy(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".json"), Path.ChangeExtension(model, ".json"));
        return model;
    }

    /// <summary>Another graph ONNX Runtime loads: the shipped one with one more protobuf field of a number ONNX does not define.</summary>
    private static byte[] AnotherGraph() => [.. File.ReadAllBytes(Shipped.Classifier.ResolvedModelPath), 0xC0, 0x3E, 0x01];

    [Fact]
    public void A_graph_beside_the_provenance_of_another_training_is_refused_naming_both_files()
    {
        var model = ShippedSet();
        using (ClassifierModel.Load(model)) { }   // the shipped set agrees with itself

        File.WriteAllBytes(model, AnotherGraph());   // a train stopped after the graph, before its provenance
        var e = Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(model));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(model, e.Message);
        Assert.Contains(ModelProvenance.FileOf(model), e.Message);
        Assert.Contains("different trainings", e.Message);

        // A graph given alone (no provenance beside it) is loaded as before.
        File.Delete(ModelProvenance.FileOf(model));
        using (ClassifierModel.Load(model)) { }
    }

    [SharedDataFact]
    public async Task A_run_with_a_graph_and_the_provenance_of_another_training_is_refused_in_one_line_before_any_row()
    {
        var model = ShippedSet();
        File.WriteAllBytes(model, AnotherGraph());
        var input = Path.Combine(_dir, "in", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(input, Path.GetFileName(npz)));
        var output = Path.Combine(_dir, "out");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_dir, "in"), "--output", output, "--images", "none", "--Classifier:ModelPath", model]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains(model, line);
        Assert.Contains(ModelProvenance.FileOf(model), line);
        Assert.False(Directory.Exists(Path.Combine(output, "tracks")));
    }

    [Theory]
    [InlineData("{,")]
    [InlineData("[]")]
    [InlineData(null)]   // a folder where the file goes
    public void A_provenance_that_cannot_be_read_is_refused_naming_it_not_ignored(string? text)
    {
        // breaker18 item 1: an unreadable provenance read as "none", which switched every check against it off.
        var model = ShippedSet();
        var provenance = ModelProvenance.FileOf(model);
        File.Delete(provenance);
        if (text is null) Directory.CreateDirectory(provenance);
        else File.WriteAllText(provenance, text);
        var e = Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(model));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(provenance, e.Message);
        var line = Assert.Single(TrackPipeline.App.Hosting.SettingsCatalog.Problems(
            TrackPipeline.App.Commands.RunCommand.CreateBuilder(null, ["--Classifier:ModelPath", model]).Configuration));
        Assert.StartsWith("Classifier:ModelPath: ", line);
        Assert.Contains(provenance, line);
    }

    [Fact]
    public void A_model_given_as_a_link_is_checked_against_the_provenance_beside_its_target()
    {
        // breaker18 item 1: slink.onnx was looked up beside slink.json, which does not exist, so nothing was checked.
        var model = ShippedSet();
        File.WriteAllBytes(model, AnotherGraph());
        var link = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "links")).FullName, "slink.onnx");
        File.CreateSymbolicLink(link, model);
        Assert.Equal(ModelProvenance.FileOf(model), ModelProvenance.FileOf(link));
        var e = Assert.Throws<InvalidDataException>(() => ClassifierModel.Load(link));
        Assert.Contains("different trainings", e.Message);
    }
}
