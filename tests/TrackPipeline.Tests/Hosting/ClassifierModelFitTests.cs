using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// breaker17 F4: run and evaluate never compared the model's provenance (view, readout, feature settings in
/// classifier.json) with the run's settings, and scored raw deposits or features measured otherwise with the shipped
/// pixel model without a word. Another view or other classifier feature settings are refused naming the setting, the
/// model's value and the run's; another readout, medium or topology setting is a warning (the larpix pipeline runs with
/// the shipped model).
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class ClassifierModelFitTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-model-fit-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static Microsoft.Extensions.Configuration.IConfiguration Settings(params string[] args) => RunCommand.CreateBuilder(null, args).Configuration;

    [Fact]
    public void The_shipped_settings_are_those_the_shipped_model_was_fitted_with()
    {
        Assert.Empty(SettingsCatalog.Problems(Settings()));
        Assert.Empty(ClassifierModelFit.Warnings(Settings()));
    }

    [Theory]
    [InlineData("--Classifier:View", "PerfectDetector", "Classifier:View: ", "fitted with Pixels", "this run has PerfectDetector")]
    [InlineData("--Classifier:EndChargeRadiusMm", "40", "Classifier:EndChargeRadiusMm: ", "fitted with 1.2", "this run has 40")]
    [InlineData("--Classifier:StartStemToMm", "25", "Classifier:StartStemToMm: ", "fitted with 30", "this run has 25")]
    [InlineData("--Reconstruction:Level", "raw", "Reconstruction:Level: ", "fitted with pixels", "this run has raw")]
    public void Another_view_or_feature_setting_than_the_models_is_refused_naming_both_values(string key, string value, string setting, string model, string run)
    {
        var line = Assert.Single(SettingsCatalog.Problems(Settings(key, value)));
        Assert.StartsWith(setting, line);
        Assert.Contains(model, line);
        Assert.Contains(run, line);
        Assert.Contains(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".json"), line);
    }

    [Theory]
    [InlineData("--Detector:Readout", "LArPix", "Detector:Readout: ", "fitted with GAMPixG, this run has LArPix")]
    [InlineData("--Topology:SignificantMinElectrons", "1", "Topology:SignificantMinElectrons: ", "fitted with 1500, this run has 1")]
    [InlineData("--Topology:ProngSearchRadiiMm", "1,2", "Topology:ProngSearchRadiiMm: ", "fitted with [1,2,4,7,12,20,35,60], this run has [1,2]")]
    public void Another_readout_or_topology_setting_is_a_warning_naming_both_values(string key, string value, string setting, string text)
    {
        Assert.Empty(SettingsCatalog.Problems(Settings(key, value)));
        var warning = Assert.Single(ClassifierModelFit.Warnings(Settings(key, value)));
        Assert.StartsWith(setting, warning);
        Assert.Contains(text, warning);
    }

    /// <summary>breaker19 F1: the level train measured the reco_* features at is recorded and compared both ways.</summary>
    [Fact]
    public void A_model_fitted_at_the_raw_level_takes_a_raw_run_and_refuses_a_pixels_run()
    {
        var model = Path.Combine(_work, "classifier.onnx");
        File.Copy(Shipped.Classifier.ResolvedModelPath, model);
        var provenance = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".json")))!.AsObject();
        Assert.Null(provenance["feature_settings"]![ClassifierModelFit.RecordedReconstructionLevel]);   // the shipped one predates the record: pixels
        provenance["feature_settings"]![ClassifierModelFit.RecordedReconstructionLevel] = "raw";
        File.WriteAllText(Path.ChangeExtension(model, ".json"), provenance.ToJsonString());
        Assert.Empty(SettingsCatalog.Problems(Settings("--Classifier:ModelPath", model, "--Reconstruction:Level", "raw")));
        var line = Assert.Single(SettingsCatalog.Problems(Settings("--Classifier:ModelPath", model)));
        Assert.StartsWith("Reconstruction:Level: ", line);
        Assert.Contains("fitted with raw", line);
        Assert.Contains("this run has pixels", line);
    }

    [Fact]
    public void A_model_without_provenance_or_a_run_that_does_not_classify_is_not_compared()
    {
        var alone = Path.Combine(_work, "classifier.onnx");
        File.Copy(Shipped.Classifier.ResolvedModelPath, alone);
        Assert.Empty(SettingsCatalog.Problems(Settings("--Classifier:ModelPath", alone, "--Classifier:EndChargeRadiusMm", "40")));
        Assert.Empty(SettingsCatalog.Problems(Settings("--Detector:Readout", "none", "--Classifier:EndChargeRadiusMm", "40")));
        Assert.Empty(ClassifierModelFit.Warnings(Settings("--Detector:Readout", "AnodeGridD")));
    }

    [Fact]
    public async Task A_run_with_another_feature_setting_is_refused_in_one_line_before_anything_is_written()
    {
        var output = Path.Combine(_work, "out");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--output", output, "--Classifier:EndChargeRadiusMm", "40"]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("trackpipeline: bad setting: Classifier:EndChargeRadiusMm: ", line);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>
    /// The shipped model with a provenance that records the presets' values, as train records them since breaker18 item 4
    /// (the shipped provenance has only their names): those the shipped settings read.
    /// </summary>
    private string ModelWithPresetValues()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "model")).FullName;
        var model = Path.Combine(folder, "classifier.onnx");
        File.Copy(Shipped.Classifier.ResolvedModelPath, model);
        var provenance = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(Shipped.Classifier.ResolvedModelPath, ".json")))!;
        provenance["detector"]![DetectorPresetValues.ReportKey] = DetectorPresetValues.Of(Settings());
        File.WriteAllText(Path.ChangeExtension(model, ".json"), provenance.ToJsonString());
        return model;
    }

    /// <summary>
    /// breaker18 item 4: the "fitted with" check compared the presets' names, so a copied GAMPixG.json with a 2 mm pitch was
    /// scored with the model without a word, and the same preset named by another path was warned about. Where the
    /// provenance records the values, the values are compared; a bound (drift.max_depth) is not one.
    /// </summary>
    [Fact]
    public void A_preset_with_other_values_than_the_models_is_warned_about_and_the_same_values_named_otherwise_are_not()
    {
        var model = ModelWithPresetValues();
        var presets = SampleCopies.Presets(_work);
        string[] common = ["--Classifier:ModelPath", model, "--Detector:ConfigDirectory", presets];
        Assert.Empty(ClassifierModelFit.Warnings(Settings(common)));
        Assert.Empty(ClassifierModelFit.Warnings(Settings([.. common, "--Detector:Readout", "../readouts/GAMPixG"])));
        // A plausibility bound changes no track within it: not a value the model depends on.
        SampleCopies.Edit(Path.Combine(presets, "medium", "LAr.json"), r => r["drift"]!["max_depth"]!["value"] = 12.0);
        Assert.Empty(ClassifierModelFit.Warnings(Settings(common)));

        SampleCopies.Edit(Path.Combine(presets, "readouts", "GAMPixG.json"), r => r["fine"]!["pitch"]!["value"] = 0.002);
        var warning = Assert.Single(ClassifierModelFit.Warnings(Settings(common)));
        Assert.Contains("readouts/GAMPixG.json:fine:pitch:value", warning);
        Assert.Contains("fitted with 0.0005, this run has 0.002", warning);
        Assert.Contains(model, warning);
        // Named otherwise, the same edited file: the same warning.
        Assert.Contains("fitted with 0.0005, this run has 0.002", Assert.Single(ClassifierModelFit.Warnings(Settings([.. common, "--Detector:Readout", "../readouts/GAMPixG"]))));
    }
}
