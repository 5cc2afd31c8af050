namespace TrackPipeline.Formats;

/// <summary>Element type of an n-dimensional array, as NumPy's dtype kind + item size.</summary>
public enum NdElementType { Float64, Float32, Int64, Int32, Int16, Int8, UInt64, UInt32, UInt16, UInt8, Bool }

/// <summary>
/// An n-dimensional array read from a .npy entry or a pickle, always held in C (row-major) order and
/// native endianness. <see cref="Data"/> is a typed .NET array (double[], float[], long[], int[], short[],
/// sbyte[], ulong[], uint[], ushort[], byte[] or bool[]) of exactly <see cref="Length"/> elements.
/// Note: the CLR lets a byte[] pass `is sbyte[]` (likewise ushort/short, uint/int, ulong/long), so the
/// conversions below match element arrays by exact type.
/// </summary>
public sealed class NdArray
{
    public NdArray(NdElementType elementType, int[] shape, Array data)
    {
        ElementType = elementType;
        Shape = shape;
        Data = data;
        long n = 1;
        foreach (var d in shape) n *= d;
        if (data.Length != n) throw new ArgumentException($"data holds {data.Length} elements, shape needs {n}");
    }

    public NdElementType ElementType { get; }
    public int[] Shape { get; }
    public Array Data { get; }
    public int Length => Data.Length;
    public int Rank => Shape.Length;

    /// <summary>
    /// The elements' bytes in native order, no copy (bool elements are one byte each; .NET stores true as 1).
    /// What writers put after a .npy header or into a pickled array's state.
    /// </summary>
    public ReadOnlySpan<byte> AsBytes() => Data switch
    {
        double[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        float[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        long[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        int[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        short[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        sbyte[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        ulong[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        uint[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        ushort[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        byte[] x => x,
        bool[] x => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()),
        _ => throw new InvalidOperationException($"unsupported element array {Data.GetType()}"),
    };

    /// <summary>The elements converted to double (no copy when already double).</summary>
    public double[] ToDoubleArray()
    {
        if (Data is double[] d) return d;
        var result = new double[Length];
        switch (Data)
        {
            case float[] a: for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case long[] a when a.GetType() == typeof(long[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case int[] a when a.GetType() == typeof(int[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case short[] a when a.GetType() == typeof(short[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case sbyte[] a when a.GetType() == typeof(sbyte[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case ulong[] a when a.GetType() == typeof(ulong[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case uint[] a when a.GetType() == typeof(uint[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case ushort[] a when a.GetType() == typeof(ushort[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case byte[] a when a.GetType() == typeof(byte[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case bool[] a: for (int i = 0; i < a.Length; i++) result[i] = a[i] ? 1 : 0; break;
            default: throw new InvalidOperationException($"unsupported element array {Data.GetType()}");
        }
        return result;
    }

    /// <summary>The elements as 64-bit integers; fails for non-integral values.</summary>
    public long[] ToInt64Array()
    {
        if (Data is long[] l && l.GetType() == typeof(long[])) return l;
        var result = new long[Length];
        switch (Data)
        {
            case int[] a when a.GetType() == typeof(int[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case short[] a when a.GetType() == typeof(short[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case sbyte[] a when a.GetType() == typeof(sbyte[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case uint[] a when a.GetType() == typeof(uint[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case ushort[] a when a.GetType() == typeof(ushort[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case byte[] a when a.GetType() == typeof(byte[]): for (int i = 0; i < a.Length; i++) result[i] = a[i]; break;
            case bool[] a: for (int i = 0; i < a.Length; i++) result[i] = a[i] ? 1 : 0; break;
            case ulong[] a when a.GetType() == typeof(ulong[]):
                for (int i = 0; i < a.Length; i++)
                    result[i] = a[i] <= long.MaxValue ? (long)a[i] : throw new OverflowException($"element {i} = {a[i]} exceeds int64");
                break;
            case double[] or float[]:
                var d = ToDoubleArray();
                for (int i = 0; i < d.Length; i++)
                    result[i] = d[i] == Math.Floor(d[i]) && Math.Abs(d[i]) < 9.2e18 ? (long)d[i] : throw new InvalidCastException($"element {i} = {d[i]} is not an integer");
                break;
            default: throw new InvalidOperationException($"unsupported element array {Data.GetType()}");
        }
        return result;
    }

    public override string ToString() => $"ndarray({ElementType}, shape=({string.Join(", ", Shape)}))";
}
