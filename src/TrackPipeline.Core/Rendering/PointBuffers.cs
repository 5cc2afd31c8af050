using System.Buffers;

namespace TrackPipeline.Rendering;

/// <summary>
/// Pooled scratch arrays for drawing n points: screen coordinates, a depth key and the drawing order. Rented once
/// per panel, returned on dispose, so drawing allocates nothing per point.
/// </summary>
internal readonly struct PointBuffers : IDisposable
{
    public readonly float[] X, Y, Key;
    public readonly int[] Order;

    private PointBuffers(int n)
    {
        X = ArrayPool<float>.Shared.Rent(n);
        Y = ArrayPool<float>.Shared.Rent(n);
        Key = ArrayPool<float>.Shared.Rent(n);
        Order = ArrayPool<int>.Shared.Rent(n);
    }

    public static PointBuffers Rent(int n) => new(n);

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(X);
        ArrayPool<float>.Shared.Return(Y);
        ArrayPool<float>.Shared.Return(Key);
        ArrayPool<int>.Shared.Return(Order);
    }
}
