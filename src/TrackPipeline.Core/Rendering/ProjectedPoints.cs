namespace TrackPipeline.Rendering;

/// <summary>
/// A scene's points as one camera sees them, back to front and inside its cube: camera coordinates (tx, ty) and the
/// drawing order of the points shown. None of it depends on the panel's size, so the thumbnail, which draws the sheet's
/// raw view again at 600 px, takes it from the sheet instead of projecting, depth-sorting and cube-testing every deposit a
/// second time (docs/benchmarks/rendering.md, Round 8). Pooled arrays, returned by <see cref="Dispose"/>.
/// </summary>
internal sealed class ProjectedPoints : IDisposable
{
    private readonly PointBuffers _buffers;
    private readonly (double X0, double X1, double Y0, double Y1, double Z0, double Z1, double Elevation, double Azimuth) _camera;
    private bool _disposed;

    public ProjectedPoints(TrackScene scene, OrthographicCamera camera)
    {
        int n = scene.Count;
        _camera = Key(camera);
        _buffers = PointBuffers.Rent(n);
        var (tx, ty, key, order) = (_buffers.X, _buffers.Y, _buffers.Key, _buffers.Order);
        camera.ProjectAll(scene.X, scene.Y, scene.Z, tx, ty, key);
        for (int i = 0; i < n; i++) key[i] = -key[i];   // far (large depth) first
        DepthOrder.Sort(key.AsSpan(0, n), order.AsSpan(0, n));
        Shown = TrackRenderer.InsideCube(scene, camera, order.AsSpan(0, n));
    }

    /// <summary>Camera coordinates of every point (index = the scene's).</summary>
    public float[] X => _buffers.X;
    public float[] Y => _buffers.Y;
    /// <summary>How many points lie inside the camera's cube; <see cref="Order"/> holds them first, back to front.</summary>
    public int Shown { get; }
    public ReadOnlySpan<int> Order => _buffers.Order.AsSpan(0, Shown);
    /// <summary>The array <see cref="Order"/> reads (its first <see cref="Shown"/> entries).</summary>
    internal int[] OrderArray => _buffers.Order;

    /// <summary>True when <paramref name="camera"/> is the one these points were projected with (same cube and view).</summary>
    public bool IsFor(OrthographicCamera camera) => !_disposed && _camera == Key(camera);

    private static (double, double, double, double, double, double, double, double) Key(OrthographicCamera c) =>
        (c.X0, c.X1, c.Y0, c.Y1, c.Z0, c.Z1, c.ElevationDeg, c.AzimuthDeg);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _buffers.Dispose();
    }
}
