using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

public sealed class ColormapTests
{
    // matplotlib _cm_listed.py, first and last rows.
    [Theory]
    [InlineData("plasma", 0.050383, 0.029803, 0.527975, 0.940015, 0.975158, 0.131326)]
    [InlineData("viridis", 0.267004, 0.004874, 0.329415, 0.993248, 0.906157, 0.143936)]
    [InlineData("inferno", 0.001462, 0.000466, 0.013866, 0.988362, 0.998364, 0.644924)]
    public void Endpoints_match_the_published_tables(string name, double r0, double g0, double b0, double r1, double g1, double b1)
    {
        Assert.True(Colormap.TryGet(name, out var map));
        Assert.Equal((r0, g0, b0), map.Published(0));
        Assert.Equal((r1, g1, b1), map.Published(Colormap.Size - 1));
        var low = map.Map(0); var high = map.Map(1);
        Assert.Equal((byte)Math.Round(r0 * 255), low.Red);
        Assert.Equal((byte)Math.Round(b0 * 255), low.Blue);
        Assert.Equal((byte)Math.Round(g1 * 255), high.Green);
    }

    [Fact]
    public void Index_follows_matplotlib()
    {
        Assert.Equal(0, Colormap.IndexOf(-1));
        Assert.Equal(0, Colormap.IndexOf(double.NaN));
        Assert.Equal(127, Colormap.IndexOf(0.499));
        Assert.Equal(128, Colormap.IndexOf(0.5));
        Assert.Equal(255, Colormap.IndexOf(1.0));
        Assert.False(Colormap.TryGet("jet", out _));
    }
}
