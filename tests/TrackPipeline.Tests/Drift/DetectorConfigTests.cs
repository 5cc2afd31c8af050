using TrackPipeline.Config;
using TrackPipeline.Readout;

namespace TrackPipeline.Tests.Drift;

public class DetectorConfigTests
{
    [Theory]
    [InlineData("GAMPixG", "dual_scale", SensorKinds.CoarseGrids, true)]
    [InlineData("GAMPixD", "dual_scale", SensorKinds.CoarseTiles, true)]
    [InlineData("LArPix", "pixels", null, true)]
    [InlineData("AnodeGridD", "anode_grid", SensorKinds.AnodeGrid, false)]
    public void Every_readout_file_loads(string name, string model, string? coarse, bool hasPixels)
    {
        var c = DetectorConfig.Load(DriftFixtures.ConfigDir, name);
        Assert.Equal(name, c.Readout.Name);
        Assert.Equal(model, c.Readout.Kind);
        Assert.Equal(coarse, c.Readout.Coarse?.Kind);
        Assert.Equal(hasPixels, c.Readout.Fine is not null);
    }

    [Fact]
    public void A_number_without_a_source_is_an_error_naming_file_and_key()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "medium"));
            Directory.CreateDirectory(Path.Combine(dir.FullName, "readouts"));
            var medium = File.ReadAllText(Path.Combine(DriftFixtures.ConfigDir, "medium", "LAr.json"))
                .Replace("\"fano\": { \"value\": 0.116, \"unit\": \"\", \"source\"", "\"fano\": { \"value\": 0.116, \"unit\": \"\", \"note\"");
            File.WriteAllText(Path.Combine(dir.FullName, "medium", "LAr.json"), medium);
            File.Copy(Path.Combine(DriftFixtures.ConfigDir, "readouts", "LArPix.json"), Path.Combine(dir.FullName, "readouts", "LArPix.json"));
            var e = Assert.Throws<DetectorConfigException>(() => DetectorConfig.Load(dir.FullName, "LArPix"));
            Assert.Equal("medium.fano.source", e.Key);
            Assert.EndsWith("LAr.json", e.Path);
        }
        finally { dir.Delete(recursive: true); }
    }
}
