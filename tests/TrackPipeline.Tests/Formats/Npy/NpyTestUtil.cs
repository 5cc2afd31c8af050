using System.Runtime.InteropServices;
using TrackPipeline.Formats;

namespace TrackPipeline.Tests.Formats.Npy;

internal static class NpyTestUtil
{
    public static void AssertEqual(NdArray expected, NdArray actual)
    {
        Assert.Equal(expected.ElementType, actual.ElementType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(expected.Data.GetType(), actual.Data.GetType());
        Assert.True(Bytes(expected).SequenceEqual(Bytes(actual)), $"data differs for {expected}");
    }

    public static ReadOnlySpan<byte> Bytes(NdArray a) => a.AsBytes();

    public static NdArray Random(Random rng, NdElementType type, int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        Array data = type switch
        {
            NdElementType.Float64 => Fill(n, () => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-20, 20))),
            NdElementType.Float32 => Fill(n, () => (float)((rng.NextDouble() - 0.5) * 1e6)),
            NdElementType.Int64 => Fill(n, rng.NextInt64),
            NdElementType.Int32 => Fill(n, () => rng.Next(int.MinValue, int.MaxValue)),
            NdElementType.Int16 => Fill(n, () => (short)rng.Next(short.MinValue, short.MaxValue + 1)),
            NdElementType.Int8 => Fill(n, () => (sbyte)rng.Next(-128, 128)),
            NdElementType.UInt64 => Fill(n, () => (ulong)rng.NextInt64() * 2 + (ulong)rng.Next(2)),
            NdElementType.UInt32 => Fill(n, () => (uint)rng.NextInt64(0, uint.MaxValue + 1L)),
            NdElementType.UInt16 => Fill(n, () => (ushort)rng.Next(0, 65536)),
            NdElementType.UInt8 => Fill(n, () => (byte)rng.Next(0, 256)),
            NdElementType.Bool => Fill(n, () => rng.Next(2) == 1),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
        return new NdArray(type, shape, data);
    }

    private static T[] Fill<T>(int n, Func<T> next)
    {
        var a = new T[n];
        for (int i = 0; i < n; i++) a[i] = next();
        return a;
    }
}
