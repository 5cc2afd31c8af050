using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Mend 11 (breaker 10 F4-F6 leftovers): what a resume compares. A readout without a pixel level classifies nothing, so its
/// model is neither required nor compared; a setting the chosen method does not read is not compared; a row-changing key
/// an older report does not record is read as the value that behaves as before it was added, or refused when that is not
/// known. The earlier run is a synthetic output: one track part and a run.json with the configuration as recorded.
/// </summary>
public sealed class ResumeSettingsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-resume-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static IConfiguration Settings(params string[] args) => RunCommand.CreateBuilder(null, args).Configuration;

    /// <summary>An output holding rows of a run with <paramref name="earlier"/>, its report edited by <paramref name="edit"/> (as an older version wrote it).</summary>
    private RunReports EarlierRun(IConfiguration earlier, Action<JsonObject>? edit = null)
    {
        var output = Directory.CreateDirectory(Path.Combine(_work, "out" + Guid.NewGuid().ToString("N"))).FullName;
        var part = Directory.CreateDirectory(Path.Combine(output, OutputLayout.Tracks, "particle=electrons")).FullName;
        File.WriteAllBytes(Path.Combine(part, "part-00000.parquet"), []);
        var root = new JsonObject
        {
            ["status"] = "succeeded",
            ["configuration"] = RunReport.ConfigurationJson(earlier),
            [ClassifierModelDigest.ReportKey] = ClassifierModelDigest.Of(earlier),
            [TableLayout.ReportKey] = TableLayout.Current,   // as this version records it (TableLayoutResumeTests: an older one)
        };
        edit?.Invoke(root);
        File.WriteAllText(Path.Combine(output, "run.json"), root.ToJsonString());
        return new RunReports(output);
    }

    [Fact]
    public void A_readout_without_a_pixel_level_neither_requires_nor_compares_the_model()
    {
        var missing = Path.Combine(_work, "never-trained.onnx");
        var grid = Settings("--Detector:Readout", "AnodeGridD", "--Classifier:ModelPath", missing);
        Assert.False(ClassifierModelDigest.Classifies(grid));
        Assert.Empty(SettingsCatalog.Problems(grid));
        Assert.Null(ClassifierModelDigest.Of(grid));

        // A pixel readout, and the perfect-detector view over the grid, classify: the same missing path is refused.
        Assert.True(ClassifierModelDigest.Classifies(Settings("--Detector:Readout", "GAMPixD")));
        Assert.Contains(SettingsCatalog.Problems(Settings("--Detector:Readout", "GAMPixD", "--Classifier:ModelPath", missing)), p => p.Contains($"no model at {missing}"));
        var perfect = Settings("--Detector:Readout", "AnodeGridD", "--Classifier:View", "PerfectDetector", "--Classifier:ModelPath", missing);
        Assert.Contains(SettingsCatalog.Problems(perfect), p => p.Contains($"no model at {missing}"));

        // Rows of a grid run whose report recorded another model (as before this fix): a resume with the grid does not compare it.
        var reports = EarlierRun(Settings("--Detector:Readout", "AnodeGridD"), r => r[ClassifierModelDigest.ReportKey] = new string('a', 64));
        Assert.Empty(RowSettings.Differences(reports, Settings("--Detector:Readout", "AnodeGridD")));
        // With pixels the model is compared.
        var pixels = EarlierRun(Settings(), r => r[ClassifierModelDigest.ReportKey] = new string('a', 64));
        Assert.Contains(RowSettings.Differences(pixels, Settings()), d => d.StartsWith(ClassifierModelDigest.ReportKey, StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_the_chosen_method_does_not_read_is_not_compared()
    {
        string[] cone = ["--Topology:VertexEventScore", "ConeShare"];
        // ConeShare does not read the length: two valid lengths make the same rows.
        var reports = EarlierRun(Settings([.. cone, "--Topology:VertexEventScoreLengthMm", "100"]));
        Assert.Empty(RowSettings.Differences(reports, Settings([.. cone, "--Topology:VertexEventScoreLengthMm", "200"])));
        // ... but it reads the cone's half-angle.
        Assert.Equal(["Topology:VertexEventConeHalfAngleDeg 40 (this run: 30)"],
            RowSettings.Differences(reports, Settings([.. cone, "--Topology:VertexEventConeHalfAngleDeg", "30"])));

        // NearMeanCosine (shipped) reads the length and not the half-angle.
        var near = EarlierRun(Settings("--Topology:VertexEventScore", "NearMeanCosine"));
        Assert.Empty(RowSettings.Differences(near, Settings("--Topology:VertexEventScore", "NearMeanCosine", "--Topology:VertexEventConeHalfAngleDeg", "30")));
        Assert.Equal(["Topology:VertexEventScoreLengthMm 140 (this run: 100)"],
            RowSettings.Differences(near, Settings("--Topology:VertexEventScore", "NearMeanCosine", "--Topology:VertexEventScoreLengthMm", "100")));

        // Switching the method is a difference, and then the key the new method reads is compared too.
        var switched = RowSettings.Differences(reports, Settings("--Topology:VertexEventScore", "NearMeanCosine"));
        Assert.Contains("Topology:VertexEventScore ConeShare (this run: NearMeanCosine)", switched);
        Assert.Contains("Topology:VertexEventScoreLengthMm 100 (this run: 140)", switched);

        // The fold test's keys are not read by the candidates vertex.
        var candidates = EarlierRun(Settings("--Topology:VertexMethod", "candidates", "--Topology:VertexFoldArmMm", "3"));
        Assert.Empty(RowSettings.Differences(candidates, Settings("--Topology:VertexMethod", "candidates", "--Topology:VertexFoldArmMm", "5")));
        Assert.NotEmpty(RowSettings.Differences(EarlierRun(Settings("--Topology:VertexFoldArmMm", "3")), Settings("--Topology:VertexFoldArmMm", "5")));
    }

    [Fact]
    public void A_key_an_older_report_does_not_record_is_read_as_its_behaviour_before_it_was_added()
    {
        // A report written before the event score was a setting (it scored ConeShare, with no length).
        static void BeforeEventScore(JsonObject r)
        {
            var topology = r["configuration"]!["Topology"]!.AsObject();
            topology.Remove("VertexEventScore");
            topology.Remove("VertexEventScoreLengthMm");
        }
        var old = EarlierRun(Settings("--Topology:VertexEventScore", "ConeShare"), BeforeEventScore);

        // This version ships NearMeanCosine: the rows would differ, and the resume says so (it mixed silently before).
        var shipped = RowSettings.Differences(old, Settings());
        Assert.Contains("Topology:VertexEventScore ConeShare (this run: NearMeanCosine)", shipped);
        Assert.Contains("Topology:VertexEventScoreLengthMm not-recorded (this run: 140)", shipped);
        // Choosing the old behaviour resumes: the length is read by neither.
        Assert.Empty(RowSettings.Differences(old, Settings("--Topology:VertexEventScore", "ConeShare")));

        // A row-changing key the registry does not name: its behaviour then is not known, so it is refused with advice that works.
        var unknown = EarlierRun(Settings(), r => r["configuration"]!["Topology"]!.AsObject().Remove("VertexPairStemMinMips"));
        var differences = RowSettings.Differences(unknown, Settings());
        Assert.Equal(["Topology:VertexPairStemMinMips not-recorded (this run: 1.5)"], differences);
        var refusal = RowSettings.Refusal(unknown, differences);
        Assert.Contains("were added since those rows were written", refusal);
        Assert.DoesNotContain("rerun with the earlier values", refusal);
        // A key that changes no row (how many quest pictures are kept) is not held against a resume when missing.
        Assert.Empty(RowSettings.Differences(EarlierRun(Settings(), r => r["configuration"]!["Classifier"]!.AsObject().Remove("QuestTopPerCategory")), Settings()));
    }

    [Fact]
    public void The_registries_name_settings_of_this_version()
    {
        // The registry's keys are settings of this version (a row naming a removed or misspelt key would never apply).
        var shipped = RunReport.ConfigurationJson(Settings());
        foreach (var added in AddedSettings.All)
        {
            var (section, key) = (added.Key.Split(':')[0], added.Key.Split(':')[1]);
            Assert.True(shipped[section]?.AsObject().ContainsKey(key) == true, $"{added.Key} is in AddedSettings but not a shipped setting");
        }
        foreach (var row in MethodSettings.All)
        {
            foreach (var named in (string[])[row.Key, row.Method])
            {
                var (section, key) = (named.Split(':')[0], named.Split(':')[1]);
                Assert.True(shipped[section]?.AsObject().ContainsKey(key) == true, $"{named} is in MethodSettings but not a shipped setting");
            }
        }
    }

    [Fact]
    public void A_number_beyond_range_in_a_config_file_is_quoted_as_typed()
    {
        var file = Path.Combine(_work, "huge.json");
        File.WriteAllText(file, """{ "Topology": { "VertexEventScoreLengthMm": 1e400 }, "Detector": { "DepthM": -1E+999 } }""");
        var problems = SettingsCatalog.Problems(RunCommand.CreateBuilder(file, []).Configuration);
        Assert.Contains(problems, p => p.StartsWith("Topology:VertexEventScoreLengthMm: '1e400' is beyond the range of a number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Detector:DepthM: '-1E+999' is beyond the range of a number", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("Infinity", StringComparison.Ordinal));

        // On the command line too; infinity spelled out is still the section's to judge, quoted as typed.
        Assert.Contains(SettingsCatalog.Problems(Settings("--Topology:VertexEventScoreLengthMm", "1e400")), p => p.Contains("'1e400' is beyond the range"));
        Assert.Contains(SettingsCatalog.Problems(Settings("--Topology:VertexEventScoreLengthMm", "Infinity")), p => p.Contains("not Infinity"));
        Assert.Empty(SettingsCatalog.Problems(Settings("--Topology:VertexEventScoreLengthMm", "1e3")));
    }
}
