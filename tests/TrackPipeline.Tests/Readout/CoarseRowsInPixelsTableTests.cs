using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Readout;

/// <summary>
/// breaker19 F3: a wire measures only the coordinate across it, and the pixels table held NaN for the other one, which a
/// reader counts as present and which poisons avg/min/max. It is a Parquet null now: every coarse row of the GAMPixG
/// readout has exactly one of x_m, y_m, the fine pixels both, and no value anywhere is NaN.
/// </summary>
public sealed class CoarseRowsInPixelsTableTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-coarse-rows-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_coarse_row_has_its_unmeasured_coordinate_null_and_no_row_holds_nan()
    {
        const string folder = "LAr/electrons/E0003000";
        var into = Directory.CreateDirectory(Path.Combine(_work, "in", folder)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)))
            File.CreateSymbolicLink(Path.Combine(into, Path.GetFileName(file)), file);
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--images", "none"]));

        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.PixelsFolder))).Rows;
        var coarse = rows.Where(r => (string)r["level"]! == "coarse").ToList();
        var pixels = rows.Where(r => (string)r["level"]! == "pixel").ToList();
        Assert.NotEmpty(coarse);
        Assert.NotEmpty(pixels);
        Assert.All(coarse, r => Assert.True(r["x_m"] is null != r["y_m"] is null, "a wire row measures exactly one of x, y"));
        Assert.Contains(coarse, r => r["x_m"] is null);
        Assert.Contains(coarse, r => r["y_m"] is null);
        Assert.All(pixels, r => Assert.True(r["x_m"] is double && r["y_m"] is double));
        foreach (var column in (string[])["x_m", "y_m", "z_m", "charge_e"])
            Assert.DoesNotContain(rows, r => r[column] is double v && double.IsNaN(v));
    }
}
