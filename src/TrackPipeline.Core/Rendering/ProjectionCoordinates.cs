using System.Buffers;

namespace TrackPipeline.Rendering;

/// <summary>
/// What the sheet's three projections share: every deposit's x, y and z relative to the frame cube's lower corner
/// (<see cref="ShiftedCoordinates"/>, each coordinate once: XY, XZ and YZ each took two of them, so every one was
/// shifted twice) and whether it lies inside the cube (one test for the three planes, the renderer's own float test,
/// <see cref="TrackRenderer.InsideCube"/>). Pooled; returned on dispose.
/// </summary>
internal readonly struct ProjectionCoordinates : IDisposable
{
    public readonly float[] X, Y, Z;
    private readonly bool[] _inside;

    private ProjectionCoordinates(TrackScene scene, OrthographicCamera cube, double x0, double y0, double z0)
    {
        int n = scene.Count;
        X = ArrayPool<float>.Shared.Rent(n);
        Y = ArrayPool<float>.Shared.Rent(n);
        Z = ArrayPool<float>.Shared.Rent(n);
        _inside = ArrayPool<bool>.Shared.Rent(n);
        ShiftedCoordinates.Of(scene.X, x0, X);
        ShiftedCoordinates.Of(scene.Y, y0, Y);
        ShiftedCoordinates.Of(scene.Z, z0, Z);
        var x = scene.X; var y = scene.Y; var z = scene.Z;
        float cx0 = (float)cube.X0, cx1 = (float)cube.X1, cy0 = (float)cube.Y0, cy1 = (float)cube.Y1, cz0 = (float)cube.Z0, cz1 = (float)cube.Z1;
        for (int i = 0; i < n; i++)
            _inside[i] = x[i] >= cx0 && x[i] <= cx1 && y[i] >= cy0 && y[i] <= cy1 && z[i] >= cz0 && z[i] <= cz1;
    }

    /// <summary>The coordinates of <paramref name="scene"/> in the cube (centre, side; mm) the projections are framed on.</summary>
    public static ProjectionCoordinates Of(TrackScene scene, (double Cx, double Cy, double Cz, double Side) cube)
    {
        double h = cube.Side / 2;
        return new(scene, OrthographicCamera.Cube(cube.Cx, cube.Cy, cube.Cz, cube.Side), cube.Cx - h, cube.Cy - h, cube.Cz - h);
    }

    /// <summary>Keeps, in order, the points inside the cube; returns how many (as <see cref="TrackRenderer.InsideCube"/>).</summary>
    public int KeepInside(Span<int> order)
    {
        var inside = _inside;
        int kept = 0;
        foreach (int i in order)
            if (inside[i]) order[kept++] = i;
        return kept;
    }

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(X);
        ArrayPool<float>.Shared.Return(Y);
        ArrayPool<float>.Shared.Return(Z);
        ArrayPool<bool>.Shared.Return(_inside);
    }
}
