using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TrackPipeline.Formats.Npy;

/// <summary>Element-level helpers shared by the reader and the writer: byte swapping and C/Fortran reordering.</summary>
internal static class NpyElementOps
{
    /// <summary>Reverses the byte order of every <paramref name="itemSize"/>-byte item in place.</summary>
    public static void ReverseEndianness(Span<byte> bytes, int itemSize)
    {
        switch (itemSize)
        {
            case 1: break;
            case 2: { var s = MemoryMarshal.Cast<byte, ushort>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 4: { var s = MemoryMarshal.Cast<byte, uint>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            case 8: { var s = MemoryMarshal.Cast<byte, ulong>(bytes); BinaryPrimitives.ReverseEndianness(s, s); break; }
            default: throw new ArgumentOutOfRangeException(nameof(itemSize), itemSize, "item size must be 1, 2, 4 or 8");
        }
    }

    /// <summary>
    /// Copies int64 values into int32 while they fit; returns how many were copied (the index of the first that does not
    /// fit, or the length).
    /// </summary>
    public static int NarrowToInt32(ReadOnlySpan<long> values, Span<int> narrow)
    {
        for (int i = 0; i < values.Length; i++)
        {
            long v = values[i];
            if (v != (int)v) return i;
            narrow[i] = (int)v;
        }
        return values.Length;
    }

    /// <summary>
    /// NumPy reads any non-zero byte of a b1 array as True; a .NET bool must be exactly 0 or 1.
    /// </summary>
    public static void NormalizeBools(Span<byte> bytes)
    {
        for (int i = 0; i < bytes.Length; i++)
            if (bytes[i] > 1) bytes[i] = 1;
    }

    /// <summary>
    /// Copies <paramref name="src"/> into <paramref name="dst"/> changing the memory order: Fortran to C when
    /// <paramref name="toC"/>, else C to Fortran. Both spans hold the same product(shape) elements.
    /// </summary>
    public static void Reorder<T>(ReadOnlySpan<T> src, Span<T> dst, int[] shape, bool toC)
    {
        int rank = shape.Length;
        if (rank < 2 || src.Length == 0) { src.CopyTo(dst); return; }
        if (rank == 2)
        {
            if (toC) ScatterFortranColumns(src, dst, shape[0], shape[1], 0);
            else GatherFortranColumns(src, dst, shape[0], shape[1], 0);
            return;
        }

        // General rank: walk the index space in C order, tracking the Fortran offset incrementally.
        Span<int> idx = rank <= 32 ? stackalloc int[rank] : new int[rank];
        idx.Clear();
        Span<long> fStride = rank <= 32 ? stackalloc long[rank] : new long[rank];
        long s = 1;
        for (int k = 0; k < rank; k++) { fStride[k] = s; s *= shape[k]; }
        long f = 0;
        int n = src.Length;
        for (int c = 0; c < n; c++)
        {
            if (toC) dst[c] = src[(int)f]; else dst[(int)f] = src[c];
            // Advance the C-order odometer (last axis fastest).
            for (int k = rank - 1; k >= 0; k--)
            {
                if (++idx[k] < shape[k]) { f += fStride[k]; break; }
                f -= (long)(shape[k] - 1) * fStride[k];
                idx[k] = 0;
            }
        }
    }

    /// <summary>
    /// Scatters whole Fortran-order columns of a (rows, cols) matrix, starting at column <paramref name="firstColumn"/>,
    /// into the C-order destination. Rows are the outer loop: writes are sequential and, for the common (3, N)
    /// position arrays, the strided reads stay within the chunk in cache.
    /// </summary>
    public static void ScatterFortranColumns<T>(ReadOnlySpan<T> columns, Span<T> dst, int rows, int cols, int firstColumn)
    {
        int n = columns.Length / rows;
        for (int i = 0; i < rows; i++)
        {
            var row = dst.Slice(i * cols + firstColumn, n);
            int k = i;
            for (int j = 0; j < row.Length; j++, k += rows) row[j] = columns[k];
        }
    }

    /// <summary>The inverse of <see cref="ScatterFortranColumns{T}"/>: C-order matrix to Fortran-order columns.</summary>
    public static void GatherFortranColumns<T>(ReadOnlySpan<T> src, Span<T> columns, int rows, int cols, int firstColumn)
    {
        int n = columns.Length / rows;
        for (int i = 0; i < rows; i++)
        {
            var row = src.Slice(i * cols + firstColumn, n);
            int k = i;
            for (int j = 0; j < row.Length; j++, k += rows) columns[k] = row[j];
        }
    }

    /// <summary><see cref="ScatterFortranColumns{T}"/> on raw bytes, dispatched on the item size.</summary>
    public static void ScatterFortranColumnsBytes(ReadOnlySpan<byte> columns, Span<byte> dst, int itemSize, int rows, int cols, int firstColumn)
    {
        switch (itemSize)
        {
            case 1: ScatterFortranColumns(columns, dst, rows, cols, firstColumn); break;
            case 2: ScatterFortranColumns(MemoryMarshal.Cast<byte, ushort>(columns), MemoryMarshal.Cast<byte, ushort>(dst), rows, cols, firstColumn); break;
            case 4: ScatterFortranColumns(MemoryMarshal.Cast<byte, uint>(columns), MemoryMarshal.Cast<byte, uint>(dst), rows, cols, firstColumn); break;
            case 8: ScatterFortranColumns(MemoryMarshal.Cast<byte, ulong>(columns), MemoryMarshal.Cast<byte, ulong>(dst), rows, cols, firstColumn); break;
            default: throw new ArgumentOutOfRangeException(nameof(itemSize));
        }
    }

    /// <summary>
    /// An element array for <paramref name="n"/> elements, not zeroed: the readers fill every byte of it from the entry or
    /// throw (a short entry is an error), so the collector's clearing of up to 100 MB of deposits a sample run is skipped.
    /// </summary>
    public static Array Allocate(NdElementType t, int n) => t switch
    {
        NdElementType.Float64 => GC.AllocateUninitializedArray<double>(n),
        NdElementType.Float32 => GC.AllocateUninitializedArray<float>(n),
        NdElementType.Int64 => GC.AllocateUninitializedArray<long>(n),
        NdElementType.Int32 => GC.AllocateUninitializedArray<int>(n),
        NdElementType.Int16 => GC.AllocateUninitializedArray<short>(n),
        NdElementType.Int8 => GC.AllocateUninitializedArray<sbyte>(n),
        NdElementType.UInt64 => GC.AllocateUninitializedArray<ulong>(n),
        NdElementType.UInt32 => GC.AllocateUninitializedArray<uint>(n),
        NdElementType.UInt16 => GC.AllocateUninitializedArray<ushort>(n),
        NdElementType.UInt8 => GC.AllocateUninitializedArray<byte>(n),
        NdElementType.Bool => GC.AllocateUninitializedArray<bool>(n),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>The raw bytes of a typed element array (no copy).</summary>
    public static Span<byte> AsBytes(Array data) => data switch
    {
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a.AsSpan(),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new ArgumentException($"unsupported element array {data.GetType()}", nameof(data)),
    };

    /// <summary>
    /// Reorders raw element bytes between Fortran and C order by reinterpreting them as same-size integers
    /// (the order change only moves whole items, so the element type does not matter).
    /// </summary>
    public static void ReorderBytes(ReadOnlySpan<byte> src, Span<byte> dst, int itemSize, int[] shape, bool toC)
    {
        switch (itemSize)
        {
            case 1: Reorder(src, dst, shape, toC); break;
            case 2: Reorder(MemoryMarshal.Cast<byte, ushort>(src), MemoryMarshal.Cast<byte, ushort>(dst), shape, toC); break;
            case 4: Reorder(MemoryMarshal.Cast<byte, uint>(src), MemoryMarshal.Cast<byte, uint>(dst), shape, toC); break;
            case 8: Reorder(MemoryMarshal.Cast<byte, ulong>(src), MemoryMarshal.Cast<byte, ulong>(dst), shape, toC); break;
            default: throw new ArgumentOutOfRangeException(nameof(itemSize));
        }
    }
}
