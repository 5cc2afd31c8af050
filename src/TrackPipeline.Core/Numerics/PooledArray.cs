using System.Buffers;

namespace TrackPipeline.Numerics;

/// <summary>
/// Scratch of one track whose size is learnt while filling it (charge per voxel, spans per chip, skeleton edges):
/// rented from <see cref="ArrayPool{T}.Shared"/>, doubled when full, given back by <see cref="Dispose"/>. Starts small
/// and grows to what the track needs, so the pool keeps arrays of the sizes tracks use, not of their upper bounds
/// (one element per clump, 13 edges per node: megabytes per array for a large track, each kept by the pool).
/// </summary>
public sealed class PooledArray<T> : IDisposable
{
    private T[] _items;

    public PooledArray(int initialCapacity) => _items = ArrayPool<T>.Shared.Rent(Math.Max(16, initialCapacity));

    /// <summary>The elements (valid up to what the caller has filled; <see cref="EnsureCapacity"/> keeps the first ones).</summary>
    public T[] Items => _items;

    /// <summary>Makes room for index <paramref name="count"/> - 1, keeping the first <paramref name="used"/> elements.</summary>
    public void EnsureCapacity(int count, int used)
    {
        if (count <= _items.Length) return;
        var bigger = ArrayPool<T>.Shared.Rent(Math.Max(count, 2 * _items.Length));
        _items.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(_items);
        _items = bigger;
    }

    public void Dispose()
    {
        if (_items.Length == 0) return;
        ArrayPool<T>.Shared.Return(_items);
        _items = [];
    }
}
