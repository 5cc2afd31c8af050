using TrackPipeline.Pipeline;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Output;
using TrackPipeline.Readout;
using TrackPipeline.Tests.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Readout;

/// <summary>
/// A test double of a new readout: one file (this class) and one JSON preset. It reads each track as a single
/// pixel at the charge centroid holding all the charge. Nothing else in the code base knows it.
/// </summary>
[ReadoutKind("test_centroid")]
public sealed class CentroidReadoutModel : IReadoutModel
{
    private readonly ReadoutSettings _settings;

    public CentroidReadoutModel(ReadoutSettings settings)
    {
        _settings = settings;
        if (settings.Fine is null) throw new ReadoutPresetException("fine", "the centroid readout needs a fine level");
    }

    public ReadoutResult Read(DriftedCharge drifted, ReadoutRandom random)
    {
        double q = 0, x = 0, y = 0, z = 0;
        for (int i = 0; i < drifted.Count; i++)
        {
            double n = drifted.Electrons[i];
            q += n; x += n * drifted.X[i]; y += n * drifted.Y[i]; z += n * drifted.Z[i];
        }
        var samples = new ReadoutSamples();
        if (q > 0) samples.Add(x / q, y / q, z / q, q);
        return new ReadoutResult(_settings.Name, [new ReadoutLevel(ReadoutResult.PixelLevel, samples, null)]);
    }
}

public sealed class ReadoutModelExtensionTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-readout-model-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>A config folder: the shipped medium plus one new preset of kind test_centroid.</summary>
    private string ConfigWithCentroidPreset(string fineKey = "fine")
    {
        var config = Path.Combine(_work, "config");
        Directory.CreateDirectory(Path.Combine(config, "medium"));
        Directory.CreateDirectory(Path.Combine(config, "readouts"));
        File.Copy(Path.Combine(DriftFixtures.ConfigDir, "medium", "LAr.json"), Path.Combine(config, "medium", "LAr.json"));
        File.WriteAllText(Path.Combine(config, "readouts", "Centroid.json"), $$"""
            {
              "name": "Centroid", "kind": "test_centroid",
              "{{fineKey}}": {
                "kind": "pixels",
                "pitch": { "value": 0.0005, "unit": "m", "source": "test" },
                "sampling_pitch": { "value": 0.0005, "unit": "m", "source": "test" },
                "noise": { "value": 25, "unit": "e", "source": "test" },
                "threshold_sigma": { "value": 4, "unit": "", "source": "test" }
              }
            }
            """);
        return config;
    }

    [Fact]
    public void A_preset_names_its_model_and_the_stage_uses_it()
    {
        var c = DetectorConfig.Load(ConfigWithCentroidPreset(), "Centroid");
        var drifted = new DriftStage(c.Medium, c.Drift, c.Readout.AnodeGeometry, 1).Apply(DriftFixtures.RandomTrack(2000, 3), new TrackPipeline.Numerics.TrackRandom(12));
        var result = new ReadoutStage(c.Readout, 1).Read(drifted, "T1");
        var level = Assert.Single(result.Levels);
        Assert.Equal(ReadoutResult.PixelLevel, level.Name);
        Assert.Equal(1, level.Triggered.Count);
        Assert.Equal(drifted.TotalElectrons, level.Triggered.TotalChargeE(), 6);
    }

    [Fact]
    public void A_preset_that_does_not_fit_its_model_names_the_file_and_key()
    {
        var e = Assert.Throws<DetectorConfigException>(() => DetectorConfig.Load(ConfigWithCentroidPreset(fineKey: "coarse"), "Centroid"));
        Assert.Equal("fine", e.Key);
        Assert.EndsWith("Centroid.json", e.Path);
    }

    [Fact]
    public void An_unknown_model_kind_lists_the_known_ones()
    {
        var config = ConfigWithCentroidPreset();
        var path = Path.Combine(config, "readouts", "Centroid.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("test_centroid", "test_centriod"));
        var e = Assert.Throws<DetectorConfigException>(() => DetectorConfig.Load(config, "Centroid"));
        Assert.Equal("kind", e.Key);
        Assert.Contains("dual_scale", e.Message);
        Assert.Contains("test_centroid", e.Message);
    }

    [SharedDataFact]
    public async Task A_run_with_the_new_preset_writes_its_level_to_the_pixels_table()
    {
        var input = Path.Combine(_work, "in", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        var from = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000");
        foreach (var f in Directory.GetFiles(from).Order(StringComparer.Ordinal).Take(4)) File.Copy(f, Path.Combine(input, Path.GetFileName(f)));
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output,
            "--Detector:ConfigDirectory", ConfigWithCentroidPreset(), "--Detector:Readout", "Centroid", "--images", "none"]));
        var pixels = await ParquetDataset.ReadAsync(Path.Combine(output, "pixels"));
        Assert.Equal(2, pixels.Rows.Count);
        Assert.All(pixels.Rows, r => Assert.Equal("pixel", r["level"]));
    }
}
