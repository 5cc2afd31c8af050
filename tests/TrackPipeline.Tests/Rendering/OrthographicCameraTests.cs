using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

public sealed class OrthographicCameraTests
{
    /// <summary>
    /// Expected values from mpl_toolkits.mplot3d (matplotlib 3.6.3): view_init(elev=30, azim=-60),
    /// set_proj_type('ortho'), xlim (-50, 50), ylim (-20, 80), zlim (0, 100), set_box_aspect((1, 1, 1)),
    /// then proj3d.proj_transform(x, y, z, ax.get_proj()).
    /// </summary>
    [Theory]
    [InlineData(0, 30, 50, 0.0, 0.0, 1.0)]
    [InlineData(50, 30, 50, 0.045736601804, -0.013203019682, 0.977131699098)]
    [InlineData(0, 80, 50, 0.026406039363, 0.022868300902, 1.039609059045)]
    [InlineData(0, 30, 100, 0.0, 0.045736601804, 0.973593960637)]
    [InlineData(-50, -20, 0, -0.072142641167, -0.055401883024, 1.009665281220)]
    [InlineData(20, -5, 90, -0.000189586833, 0.015300262939, 0.942001506817)]
    public void Reproduces_matplotlib_projection(double x, double y, double z, double tx, double ty, double tz)
    {
        var camera = new OrthographicCamera(-50, 50, -20, 80, 0, 100);
        var p = camera.Project(x, y, z);
        Assert.Equal(tx, p.X, 1e-9);
        Assert.Equal(ty, p.Y, 1e-9);
        Assert.Equal(tz, p.Depth, 1e-9);
    }

    [Fact]
    public void Batch_projection_agrees_with_single()
    {
        var camera = OrthographicCamera.Cube(0, 30, 50, 100);
        float[] x = [0, 50, -50], y = [30, 80, -20], z = [50, 50, 0];
        var tx = new float[3]; var ty = new float[3]; var d = new float[3];
        camera.ProjectAll(x, y, z, tx, ty, d);
        for (int i = 0; i < 3; i++)
        {
            var p = camera.Project(x[i], y[i], z[i]);
            Assert.Equal(p.X, tx[i], 1e-5);
            Assert.Equal(p.Y, ty[i], 1e-5);
            Assert.Equal(p.Depth, d[i], 1e-5);
        }
    }

    [Fact]
    public void Ticks_are_nice_and_inside_the_range()
    {
        Assert.Equal([-40, -20, 0, 20, 40], AxisTicks.Ticks(-50, 50, 5));
        Assert.Equal([0, 0.5, 1, 1.5], AxisTicks.Ticks(-0.1, 1.7, 4));
        Assert.Equal("0.5", AxisTicks.Format(0.5, 0.5));
        Assert.Equal("-40", AxisTicks.Format(-40, 20));
        Assert.Equal("0.25", AxisTicks.Format(0.25, 0.25));
    }
}
