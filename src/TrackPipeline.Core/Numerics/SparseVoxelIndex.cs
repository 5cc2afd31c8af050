using System.Numerics;
using System.Runtime.CompilerServices;

namespace TrackPipeline.Numerics;

/// <summary>
/// Numbers the occupied voxels of a sparse grid 0, 1, 2, ... in the order they are first met, by their packed
/// 64-bit key (three voxel indices). The caller keeps what each voxel holds (charge, centroid sums, a box) in
/// plain arrays indexed by that number, so a pass over the voxels is a pass over arrays, in first-met order: the
/// order <see cref="Dictionary{TKey,TValue}"/> enumerated in, which the random draws of the readout follow.
/// <para>Why not a Dictionary: a track bins 10^5-10^6 clumps, a lookup or more each. Open addressing with linear probing
/// in a power-of-two table, keys mixed by a Fibonacci multiply, no modulo and no entry chain, and it lives in this
/// assembly, so the ahead-of-time compiled code of a one-shot run can inline it. Measured on the sample, one thread:
/// readout and topology stages a fifth to a quarter cheaper with it (docs/benchmarks/whole-run.md).</para>
/// </summary>
public sealed class SparseVoxelIndex
{
    /// <summary>Table slot holding no voxel (voxel numbers are stored plus one).</summary>
    private const int Empty = 0;
    private const int MinTableSize = 64;

    private long[] _tableKeys;
    private int[] _tableVoxels;   // voxel number + 1, or Empty
    private long[] _keys;         // key of each voxel, by number
    private int _shift;           // 64 - log2(table size)
    private int _mask;
    private int _count;

    /// <param name="expectedVoxels">A guess of the number of voxels (the table grows past it).</param>
    public SparseVoxelIndex(int expectedVoxels)
    {
        int size = TableSizeFor(expectedVoxels);
        _tableKeys = new long[size];
        _tableVoxels = new int[size];
        _keys = new long[Math.Max(16, expectedVoxels)];
        SetSize(size);
    }

    /// <summary>
    /// Forgets every voxel, keeping the arrays for the next track (scratch reused from track to track costs neither the
    /// allocation nor the collector, nor the first touch of fresh pages). Only the part of the table sized for
    /// <paramref name="expectedVoxels"/> is cleared, so a small track after a big one pays for its own size.
    /// </summary>
    public void Reset(int expectedVoxels)
    {
        _count = 0;
        UseTable(TableSizeFor(expectedVoxels));
    }

    /// <summary>Bytes held by the arrays (what keeping this index for the next track costs).</summary>
    public long RetainedBytes => 12L * _tableVoxels.Length + 8L * _keys.Length;

    /// <summary>Number of voxels met so far.</summary>
    public int Count => _count;

    /// <summary>The packed keys, by voxel number.</summary>
    public ReadOnlySpan<long> Keys => _keys.AsSpan(0, _count);

    /// <summary>The key of voxel <paramref name="voxel"/>.</summary>
    public long KeyOf(int voxel) => _keys[voxel];

    /// <summary>The number of the voxel with <paramref name="key"/>, numbering it next if it is new (<paramref name="added"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetOrAdd(long key, out bool added)
    {
        int position = Home(key);
        while (true)
        {
            int stored = _tableVoxels[position];
            if (stored == Empty) break;
            if (_tableKeys[position] == key)
            {
                added = false;
                return stored - 1;
            }
            position = (position + 1) & _mask;
        }
        added = true;
        return Add(key, position);
    }

    /// <summary>The number of the voxel with <paramref name="key"/>, or -1 when it was never met.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(long key)
    {
        int position = Home(key);
        while (true)
        {
            int stored = _tableVoxels[position];
            if (stored == Empty) return -1;
            if (_tableKeys[position] == key) return stored - 1;
            position = (position + 1) & _mask;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Home(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);

    private int Add(long key, int position)
    {
        int voxel = _count;
        if (voxel == _keys.Length) GrowKeys();
        _keys[voxel] = key;
        _tableKeys[position] = key;
        _tableVoxels[position] = voxel + 1;
        _count = voxel + 1;
        // Keep the table at most half full: probe runs stay short.
        if (2 * _count > _mask + 1) GrowTable();
        return voxel;
    }

    private void GrowKeys()
    {
        var bigger = new long[2 * _keys.Length];
        _keys.AsSpan(0, _count).CopyTo(bigger);
        _keys = bigger;
    }

    private void GrowTable()
    {
        UseTable(2 * (_mask + 1));
        // Re-insert in voxel order; the numbers do not change.
        for (int v = 0; v < _count; v++)
        {
            long key = _keys[v];
            int position = Home(key);
            while (_tableVoxels[position] != Empty) position = (position + 1) & _mask;
            _tableKeys[position] = key;
            _tableVoxels[position] = v + 1;
        }
    }

    /// <summary>An empty table of <paramref name="size"/> slots: the first slots of the arrays when they are large enough (cleared), new ones otherwise.</summary>
    private void UseTable(int size)
    {
        if (size > _tableVoxels.Length)
        {
            _tableKeys = new long[size];
            _tableVoxels = new int[size];
        }
        else
        {
            Array.Clear(_tableVoxels, 0, size); // an Empty voxel marks a free slot: stale keys are never read
        }
        SetSize(size);
    }

    private void SetSize(int size)
    {
        _mask = size - 1;
        _shift = 64 - BitOperations.Log2((uint)size);
    }

    private static int TableSizeFor(int expectedVoxels) =>
        (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(2L * expectedVoxels, MinTableSize, 1 << 30));
}
