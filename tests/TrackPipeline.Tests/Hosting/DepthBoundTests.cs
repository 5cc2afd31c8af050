using Microsoft.Extensions.Configuration;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 17 F11: <c>--depth</c> had no plausibility bound, and 100 m, 1e6 m or 1e300 m drifted every track to 0 pixels
/// without a word. The medium preset bounds it (<c>drift.max_depth</c>, with its reason), refused in one line naming the
/// setting, the bound and the file; depths a detector has (the sample's 1 cm, a GammaTPC cell, a DUNE drift) pass.
/// </summary>
public sealed class DepthBoundTests
{
    private static IReadOnlyList<string> ProblemsAtDepth(string depth) =>
        SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Detector:DepthM", depth]).Build());

    [Theory]
    [InlineData("100")]
    [InlineData("1e6")]
    [InlineData("1e300")]
    public void A_depth_deeper_than_any_drift_is_refused_naming_the_bound(string depth)
    {
        var problem = Assert.Single(ProblemsAtDepth(depth));
        Assert.StartsWith("Detector:DepthM: ", problem);
        Assert.Contains("drift.max_depth of medium/LAr.json", problem);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.01")]
    [InlineData("0.175")]
    [InlineData("6.5")]
    public void A_depth_a_detector_has_passes(string depth) => Assert.Empty(ProblemsAtDepth(depth));

    [Fact]
    public void The_bound_is_read_from_the_shipped_medium_preset()
    {
        var drift = DetectorConfig.LoadMedium(Path.Combine(AppContext.BaseDirectory, "config", "medium", "LAr.json")).Item2;
        Assert.InRange(drift.MaxDepthM, 6.5, 100);
        // Without a readout no depth is drifted: nothing to bound.
        Assert.Empty(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Detector:DepthM", "100", "--Detector:Readout", "none"]).Build()));
    }
}
