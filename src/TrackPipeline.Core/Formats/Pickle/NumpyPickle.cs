using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TrackPipeline.Formats.Pickle;

/// <summary>A <c>numpy.dtype</c> being reconstructed: created by REDUCE, byte order set by BUILD.</summary>
internal sealed class PickleDType(NdElementType elementType, char byteOrder)
{
    public NdElementType ElementType { get; } = elementType;
    /// <summary>'&lt;', '&gt;', '|' or '='.</summary>
    public char ByteOrder { get; set; } = byteOrder;
    public int ItemSize => NumpyTypes.ItemSize(ElementType);
    public bool NeedsSwap => ItemSize > 1 && (ByteOrder == '>' ? BitConverter.IsLittleEndian : ByteOrder == '<' && !BitConverter.IsLittleEndian);
    public override string ToString() => $"dtype('{ByteOrder}{NumpyTypes.Code(ElementType)}')";
}

/// <summary>An ndarray created by <c>_reconstruct</c> whose contents arrive with BUILD.</summary>
internal sealed class ArrayBuilder
{
    public NdArray? Result { get; set; }
}

/// <summary>A global the reader accepted; interpreted only by <see cref="PickleReader"/>, never invoked.</summary>
internal sealed class PyGlobal(GlobalKind kind, string module, string name)
{
    public GlobalKind Kind { get; } = kind;
    public string FullName { get; } = module + "." + name;
    public override string ToString() => FullName;
}

internal enum GlobalKind { Reconstruct, Scalar, DType, NdArrayType, FromBuffer, CodecsEncode, Set, FrozenSet, ByteArray, Bytes }

internal static class NumpyTypes
{
    public static int ItemSize(NdElementType t) => t switch
    {
        NdElementType.Float64 or NdElementType.Int64 or NdElementType.UInt64 => 8,
        NdElementType.Float32 or NdElementType.Int32 or NdElementType.UInt32 => 4,
        NdElementType.Int16 or NdElementType.UInt16 => 2,
        _ => 1,
    };

    public static string Code(NdElementType t) => t switch
    {
        NdElementType.Float64 => "f8", NdElementType.Float32 => "f4",
        NdElementType.Int64 => "i8", NdElementType.Int32 => "i4", NdElementType.Int16 => "i2", NdElementType.Int8 => "i1",
        NdElementType.UInt64 => "u8", NdElementType.UInt32 => "u4", NdElementType.UInt16 => "u2", NdElementType.UInt8 => "u1",
        NdElementType.Bool => "b1",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>Parses a dtype constructor string such as <c>f8</c>, <c>&lt;i4</c>, <c>float64</c>; null when unsupported.</summary>
    public static (NdElementType Type, char Order)? Parse(string s)
    {
        char order = '=';
        if (s.Length > 0 && s[0] is '<' or '>' or '|' or '=') { order = s[0]; s = s[1..]; }
        NdElementType? t = s switch
        {
            "f8" or "float64" or "d" => NdElementType.Float64,
            "f4" or "float32" or "f" => NdElementType.Float32,
            "i8" or "int64" or "q" or "l" => NdElementType.Int64,
            "i4" or "int32" or "i" => NdElementType.Int32,
            "i2" or "int16" or "h" => NdElementType.Int16,
            "i1" or "int8" or "b" => NdElementType.Int8,
            "u8" or "uint64" or "Q" or "L" => NdElementType.UInt64,
            "u4" or "uint32" or "I" => NdElementType.UInt32,
            "u2" or "uint16" or "H" => NdElementType.UInt16,
            "u1" or "uint8" or "B" => NdElementType.UInt8,
            "b1" or "bool" or "?" => NdElementType.Bool,
            _ => null,
        };
        return t is null ? null : (t.Value, order);
    }

    /// <summary>Copies raw element bytes into a new typed array, fixing endianness. <paramref name="raw"/> length must be n * itemsize.</summary>
    public static Array ToTypedArray(ReadOnlySpan<byte> raw, PickleDType dtype, int n)
    {
        bool swap = dtype.NeedsSwap;
        switch (dtype.ElementType)
        {
            case NdElementType.Float64: { var a = new double[n]; Fill(raw, MemoryMarshal.Cast<double, long>(a.AsSpan()), swap); return a; }
            case NdElementType.Float32: { var a = new float[n]; Fill(raw, MemoryMarshal.Cast<float, int>(a.AsSpan()), swap); return a; }
            case NdElementType.Int64: { var a = new long[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.Int32: { var a = new int[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.Int16: { var a = new short[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.UInt64: { var a = new ulong[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.UInt32: { var a = new uint[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.UInt16: { var a = new ushort[n]; Fill(raw, a.AsSpan(), swap); return a; }
            case NdElementType.Int8: { var a = new sbyte[n]; raw.CopyTo(MemoryMarshal.AsBytes(a.AsSpan())); return a; }
            case NdElementType.UInt8: { var a = new byte[n]; raw.CopyTo(a); return a; }
            case NdElementType.Bool: { var a = new bool[n]; for (int i = 0; i < n; i++) a[i] = raw[i] != 0; return a; }
            default: throw new ArgumentOutOfRangeException(nameof(dtype));
        }
    }

    private static void Fill(ReadOnlySpan<byte> raw, Span<long> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }
    private static void Fill(ReadOnlySpan<byte> raw, Span<int> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }
    private static void Fill(ReadOnlySpan<byte> raw, Span<short> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }
    private static void Fill(ReadOnlySpan<byte> raw, Span<ulong> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }
    private static void Fill(ReadOnlySpan<byte> raw, Span<uint> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }
    private static void Fill(ReadOnlySpan<byte> raw, Span<ushort> dst, bool swap) { raw.CopyTo(MemoryMarshal.AsBytes(dst)); if (swap) BinaryPrimitives.ReverseEndianness(dst, dst); }

    /// <summary>Reorders Fortran-order element bytes into C order (iterative odometer, any rank).</summary>
    public static byte[] FortranToC(ReadOnlySpan<byte> src, int[] shape, int itemSize)
    {
        var dst = new byte[src.Length];
        int rank = shape.Length;
        if (rank <= 1 || src.Length == 0) { src.CopyTo(dst); return dst; }
        var fStride = new long[rank];
        fStride[0] = itemSize;
        for (int k = 1; k < rank; k++) fStride[k] = fStride[k - 1] * shape[k - 1];
        var idx = new int[rank];
        long off = 0;
        int n = src.Length / itemSize;
        for (int i = 0; i < n; i++)
        {
            src.Slice((int)off, itemSize).CopyTo(dst.AsSpan(i * itemSize, itemSize));
            for (int k = rank - 1; k >= 0; k--)
            {
                off += fStride[k];
                if (++idx[k] < shape[k]) break;
                off -= fStride[k] * shape[k];
                idx[k] = 0;
            }
        }
        return dst;
    }

    /// <summary>Boxes one element of raw little/big-endian bytes as the matching .NET value (numpy scalar).</summary>
    public static object ToScalar(ReadOnlySpan<byte> raw, PickleDType dtype)
    {
        bool be = dtype.ByteOrder == '>' || (dtype.ByteOrder is '=' or '|' && !BitConverter.IsLittleEndian);
        return dtype.ElementType switch
        {
            NdElementType.Float64 => be ? BinaryPrimitives.ReadDoubleBigEndian(raw) : BinaryPrimitives.ReadDoubleLittleEndian(raw),
            NdElementType.Float32 => be ? BinaryPrimitives.ReadSingleBigEndian(raw) : BinaryPrimitives.ReadSingleLittleEndian(raw),
            NdElementType.Int64 => be ? BinaryPrimitives.ReadInt64BigEndian(raw) : BinaryPrimitives.ReadInt64LittleEndian(raw),
            NdElementType.Int32 => be ? BinaryPrimitives.ReadInt32BigEndian(raw) : BinaryPrimitives.ReadInt32LittleEndian(raw),
            NdElementType.Int16 => be ? BinaryPrimitives.ReadInt16BigEndian(raw) : BinaryPrimitives.ReadInt16LittleEndian(raw),
            NdElementType.UInt64 => be ? BinaryPrimitives.ReadUInt64BigEndian(raw) : BinaryPrimitives.ReadUInt64LittleEndian(raw),
            NdElementType.UInt32 => be ? BinaryPrimitives.ReadUInt32BigEndian(raw) : BinaryPrimitives.ReadUInt32LittleEndian(raw),
            NdElementType.UInt16 => be ? BinaryPrimitives.ReadUInt16BigEndian(raw) : BinaryPrimitives.ReadUInt16LittleEndian(raw),
            NdElementType.Int8 => (sbyte)raw[0],
            NdElementType.UInt8 => raw[0],
            NdElementType.Bool => raw[0] != 0,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }
}
