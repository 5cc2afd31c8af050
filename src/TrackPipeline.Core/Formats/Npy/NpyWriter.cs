using System.Buffers;
using System.Globalization;
using System.Text;

namespace TrackPipeline.Formats.Npy;

/// <summary>How <see cref="NpyWriter"/> lays out an array. The defaults match <c>numpy.save</c>.</summary>
public sealed record NpyWriteOptions
{
    public static NpyWriteOptions Default { get; } = new();

    /// <summary>Store multi-byte items big-endian (<c>&gt;f8</c>) instead of little-endian.</summary>
    public bool BigEndian { get; init; }

    /// <summary>Store the data in Fortran (column-major) order with <c>fortran_order: True</c>.</summary>
    public bool FortranOrder { get; init; }

    /// <summary>Format version 1, 2 or 3; null picks the oldest that fits (1.0, else 2.0) like NumPy.</summary>
    public int? Version { get; init; }
}

/// <summary>
/// Writes <see cref="NdArray"/>s as .npy, byte-identical to <c>numpy.save</c> with the default options. Streams only: to
/// a file, <c>Output.AtomicFile.Write(path, s =&gt; NpyWriter.Write(s, array))</c> (the formats know no file-system policy).
/// </summary>
public static class NpyWriter
{
    /// <summary>NumPy pads headers so that the data starts on a multiple of this.</summary>
    private const int ArrayAlign = 64;
    /// <summary>NumPy leaves room for the growth axis to reach this many digits.</summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>The .npy bytes of <paramref name="array"/>.</summary>
    public static byte[] ToBytes(NdArray array, NpyWriteOptions? options = null)
    {
        using var ms = new MemoryStream();
        Write(ms, array, options);
        return ms.ToArray();
    }

    /// <summary>Writes the .npy to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, NdArray array, NpyWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        options ??= NpyWriteOptions.Default;
        stream.Write(BuildHeader(array.ElementType, array.Shape, options));

        int itemSize = NpyHeader.SizeOf(array.ElementType);
        var src = NpyElementOps.AsBytes(array.Data);
        bool swap = itemSize > 1 && options.BigEndian == BitConverter.IsLittleEndian;
        bool reorder = options.FortranOrder && array.Rank >= 2;
        if (!swap && !reorder)
        {
            stream.Write(src);
            return;
        }
        var tmp = ArrayPool<byte>.Shared.Rent(Math.Max(src.Length, 1));
        try
        {
            var t = tmp.AsSpan(0, src.Length);
            if (reorder) NpyElementOps.ReorderBytes(src, t, itemSize, array.Shape, toC: false);
            else src.CopyTo(t);
            if (swap) NpyElementOps.ReverseEndianness(t, itemSize);
            stream.Write(t);
        }
        finally { ArrayPool<byte>.Shared.Return(tmp); }
    }

    /// <summary>The complete header (magic, version, length, padded dict) as <c>numpy.save</c> writes it.</summary>
    public static byte[] BuildHeader(NdElementType type, int[] shape, NpyWriteOptions options)
    {
        int itemSize = NpyHeader.SizeOf(type);
        char order = itemSize == 1 ? '|' : options.BigEndian ? '>' : '<';
        var sb = new StringBuilder(128);
        sb.Append("{'descr': '").Append(order).Append(NpyHeader.TypeCode(type)).Append("', ");
        sb.Append("'fortran_order': ").Append(options.FortranOrder ? "True" : "False").Append(", ");
        sb.Append("'shape': (");
        for (int i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
        }
        if (shape.Length == 1) sb.Append(',');
        sb.Append("), }");
        if (shape.Length > 0)
        {
            int growth = shape[options.FortranOrder ? shape.Length - 1 : 0];
            sb.Append(' ', GrowthAxisMaxDigits - growth.ToString(CultureInfo.InvariantCulture).Length);
        }

        string text = sb.ToString();
        int version = options.Version ?? 0;
        if (version is not (0 or 1 or 2 or 3))
            throw new ArgumentOutOfRangeException(nameof(options), version, "npy version must be 1, 2 or 3");
        var encoding = version == 3 ? Encoding.UTF8 : Encoding.Latin1;
        byte[] body = encoding.GetBytes(text);
        int hlen = body.Length + 1;
        if (version == 0)
        {
            int pad1 = ArrayAlign - (6 + 2 + 2 + hlen) % ArrayAlign;
            version = hlen + pad1 <= ushort.MaxValue ? 1 : 2;
        }
        int prefix = version == 1 ? 10 : 12;
        int padlen = ArrayAlign - (prefix + hlen) % ArrayAlign;
        long total = (long)hlen + padlen;
        if (version == 1 && total > ushort.MaxValue)
            throw new ArgumentException($"header of {total} bytes is too big for npy version 1.0", nameof(options));

        var result = new byte[prefix + total];
        NpyHeader.Magic.CopyTo(result);
        result[6] = (byte)version;
        result[7] = 0;
        result[8] = (byte)total;
        result[9] = (byte)(total >> 8);
        if (prefix == 12)
        {
            result[10] = (byte)(total >> 16);
            result[11] = (byte)(total >> 24);
        }
        body.CopyTo(result, prefix);
        result.AsSpan(prefix + body.Length, padlen).Fill((byte)' ');
        result[^1] = (byte)'\n';
        return result;
    }
}
