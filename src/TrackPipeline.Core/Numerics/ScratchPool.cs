namespace TrackPipeline.Numerics;

/// <summary>
/// A handful of scratch objects (hash tables and arrays a stage fills and forgets for every track) shared by the
/// worker threads: a track rents one, uses it, and gives it back for the next track, so the arrays are allocated once
/// per worker, not once per track. At most <c>capacity</c> are kept (one per worker is enough); one returned while
/// the pool is full, or holding more than <c>maxRetainedBytes</c> (after a very large track), is left to the collector,
/// so the pool cannot keep more than a few tracks' worth of scratch alive.
/// Why not ArrayPool.Shared: it keeps arrays of every size per core and raised the run's peak RSS (GrowableArray).
/// </summary>
public sealed class ScratchPool<T>(Func<T> create, Func<T, long> retainedBytes, int capacity, long maxRetainedBytes) where T : class
{
    private readonly T?[] _items = new T?[capacity];

    public T Rent()
    {
        lock (_items)
        {
            for (int i = 0; i < _items.Length; i++)
            {
                if (_items[i] is { } item)
                {
                    _items[i] = null;
                    return item;
                }
            }
        }
        return create();
    }

    public void Return(T item)
    {
        if (retainedBytes(item) > maxRetainedBytes) return;
        lock (_items)
        {
            for (int i = 0; i < _items.Length; i++)
            {
                if (_items[i] is null)
                {
                    _items[i] = item;
                    return;
                }
            }
        }
    }
}
