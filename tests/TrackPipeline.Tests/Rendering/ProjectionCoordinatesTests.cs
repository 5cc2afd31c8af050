using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The three projections share one shift of each coordinate and one cube test (round 15): the same floats and the same
/// kept points, in the same order, as each projection computed for itself (the pixels depend on it).
/// </summary>
public sealed class ProjectionCoordinatesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(5000)]
    public void Shared_shift_and_cube_test_are_each_projections_own(int n)
    {
        var random = new Random(20261129);
        float[] x = new float[n], y = new float[n], z = new float[n], q = new float[n];
        for (int i = 0; i < n; i++)
        {
            // Around a 30 mm cube at (5, -2, 7): about half inside, some exactly on its faces (the test is inclusive).
            x[i] = i % 7 == 0 ? -10f : (float)(5 + (random.NextDouble() - 0.5) * 50);
            y[i] = (float)(-2 + (random.NextDouble() - 0.5) * 50);
            z[i] = i % 11 == 0 ? 22f : (float)(7 + (random.NextDouble() - 0.5) * 50);
            q[i] = 1;
        }
        var scene = new TrackScene("shared", x, y, z, q, n);
        var cube = (Cx: 5.0, Cy: -2.0, Cz: 7.0, Side: 30.0);
        double h = cube.Side / 2;
        using var shared = ProjectionCoordinates.Of(scene, cube);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)(x[i] - (cube.Cx - h))), BitConverter.SingleToInt32Bits(shared.X[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits((float)(y[i] - (cube.Cy - h))), BitConverter.SingleToInt32Bits(shared.Y[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits((float)(z[i] - (cube.Cz - h))), BitConverter.SingleToInt32Bits(shared.Z[i]));
        }
        // Each plane's depth order filtered by the shared test and by the renderer's own (InsideCube).
        var camera = OrthographicCamera.Cube(cube.Cx, cube.Cy, cube.Cz, cube.Side);
        foreach (var key in new[] { z, y.Select(v => -v).ToArray(), x })
        {
            var a = new int[n]; var b = new int[n];
            DepthOrder.Sort(key, a);
            a.CopyTo(b, 0);
            int keptShared = shared.KeepInside(a), keptOwn = TrackRenderer.InsideCube(scene, camera, b);
            Assert.Equal(keptOwn, keptShared);
            Assert.True(keptOwn > 0 && keptOwn < n || n < 100, $"{keptOwn} of {n} inside: the cube should cut the points");
            Assert.Equal(b.AsSpan(0, keptOwn).ToArray(), a.AsSpan(0, keptShared).ToArray());
        }
    }
}
