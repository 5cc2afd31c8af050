namespace TrackPipeline.Numerics;

/// <summary>
/// Scratch of one track whose size is learnt while filling it (charge per voxel, span per chip, skeleton edges):
/// starts small and doubles when full, so it holds what the track needs, not an upper bound (one element per clump,
/// 13 edges per node). Plain arrays, not rented: renting them from ArrayPool.Shared kept the pool's arrays of every
/// size alive and raised the run's peak RSS on the sample (413-446 MB against 311-373 MB, docs/benchmarks/whole-run.md).
/// </summary>
public sealed class GrowableArray<T>(int initialCapacity)
{
    private T[] _items = new T[Math.Max(16, initialCapacity)];

    /// <summary>Bytes held by the backing array.</summary>
    public long RetainedBytes => (long)_items.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>The elements (valid up to what the caller has filled; <see cref="EnsureCapacity"/> keeps the first ones).</summary>
    public T[] Items => _items;

    /// <summary>Makes room for index <paramref name="count"/> - 1, keeping the first <paramref name="used"/> elements.</summary>
    public void EnsureCapacity(int count, int used)
    {
        if (count <= _items.Length) return;
        var bigger = new T[Math.Max(count, 2 * _items.Length)];
        _items.AsSpan(0, used).CopyTo(bigger);
        _items = bigger;
    }

    /// <summary>
    /// Sets element <paramref name="index"/>, the one after those used (a voxel or chip just numbered), growing when full;
    /// returns the backing array, which a hot loop keeps in a local (a new one after a growth).
    /// </summary>
    public T[] Append(int index, T value)
    {
        EnsureCapacity(index + 1, index);
        _items[index] = value;
        return _items;
    }
}
