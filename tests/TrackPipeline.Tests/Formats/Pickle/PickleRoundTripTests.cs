using System.Diagnostics;
using System.Numerics;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tests.Formats.Pickle;

public class PickleRoundTripTests
{
    internal static NdArray Sample(NdElementType t, int[] shape)
    {
        int n = 1;
        foreach (var d in shape) n *= d;
        Array data = t switch
        {
            NdElementType.Float64 => Enumerable.Range(0, n).Select(i => i * 1.25 - 3).ToArray(),
            NdElementType.Float32 => Enumerable.Range(0, n).Select(i => i * 0.5f - 1).ToArray(),
            NdElementType.Int64 => Enumerable.Range(0, n).Select(i => (long)i * 1_000_000_007L - 5).ToArray(),
            NdElementType.Int32 => Enumerable.Range(0, n).Select(i => i * 100_003 - 7).ToArray(),
            NdElementType.Int16 => Enumerable.Range(0, n).Select(i => (short)(i * 301 - 9)).ToArray(),
            NdElementType.Int8 => Enumerable.Range(0, n).Select(i => (sbyte)(i * 7 - 50)).ToArray(),
            NdElementType.UInt64 => Enumerable.Range(0, n).Select(i => ulong.MaxValue - (ulong)i).ToArray(),
            NdElementType.UInt32 => Enumerable.Range(0, n).Select(i => uint.MaxValue - (uint)i * 3).ToArray(),
            NdElementType.UInt16 => Enumerable.Range(0, n).Select(i => (ushort)(60000 + i)).ToArray(),
            NdElementType.UInt8 => Enumerable.Range(0, n).Select(i => (byte)(200 + i)).ToArray(),
            NdElementType.Bool => Enumerable.Range(0, n).Select(i => i % 3 == 0).ToArray(),
            _ => throw new ArgumentOutOfRangeException(nameof(t)),
        };
        return new NdArray(t, shape, data);
    }

    public static TheoryData<NdElementType> ElementTypes()
    {
        var d = new TheoryData<NdElementType>();
        foreach (var t in Enum.GetValues<NdElementType>()) d.Add(t);
        return d;
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void NdArray_RoundTrips_ForEveryElementType(NdElementType t)
    {
        foreach (var shape in new[] { new[] { 7 }, new[] { 3, 4 }, new[] { 2, 3, 2 }, new[] { 0, 3 }, Array.Empty<int>() })
        {
            var a = Sample(t, shape);
            var back = Assert.IsType<NdArray>(PickleReader.Load(PickleWriter.Write(a), "rt.pickle"));
            Assert.Equal(t, back.ElementType);
            Assert.Equal(shape, back.Shape);
            Assert.Equal(a.Data.GetType(), back.Data.GetType());
            Assert.Equal(a.Data, back.Data);
        }
    }

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void NdScalar_RoundTrips_AsBoxedValue(NdElementType t)
    {
        var sample = Sample(t, [2]).Data.GetValue(1)!;
        var back = PickleReader.Load(PickleWriter.Write(new NdScalar(t, sample)), "rt.pickle");
        Assert.NotNull(back);
        Assert.Equal(sample.GetType(), back.GetType());
        Assert.Equal(sample, back);
    }

    [Fact]
    public void NestedStructure_RoundTrips()
    {
        var big = BigInteger.Pow(2, 100);
        var value = new Dictionary<string, object?>
        {
            ["none"] = null,
            ["t"] = true,
            ["f"] = false,
            ["small"] = 5L,
            ["neg"] = -70000L,
            ["i32"] = 123456,
            ["i64"] = long.MinValue,
            ["big"] = big,
            ["negbig"] = -big,
            ["pi"] = Math.PI,
            ["nan"] = double.NaN,
            ["str"] = "héllo ✓",
            ["long str"] = new string('x', 1000),
            ["bytes"] = new byte[] { 0, 1, 255 },
            ["long bytes"] = new byte[300],
            ["tuple"] = new PyTuple(1L, "a", null, new PyTuple()),
            ["list"] = Enumerable.Range(0, 2500).Select(i => (object?)(long)i).ToList(),
            ["nested"] = new Dictionary<string, object?> { ["arr"] = Sample(NdElementType.Float64, [3, 2]), ["l"] = new List<object?> { new List<object?>() } },
            ["set"] = new HashSet<object>(PyEqualityComparer.Instance) { 1L, "two" },
        };
        var back = Assert.IsType<Dictionary<object, object?>>(PickleReader.Load(PickleWriter.Write(value), "rt.pickle"));
        Assert.Equal(value.Count, back.Count);
        Assert.Null(back["none"]);
        Assert.Equal(true, back["t"]);
        Assert.Equal(false, back["f"]);
        Assert.Equal(5L, back["small"]);
        Assert.Equal(-70000L, back["neg"]);
        Assert.Equal(123456L, back["i32"]);
        Assert.Equal(long.MinValue, back["i64"]);
        Assert.Equal(big, back["big"]);
        Assert.Equal(-big, back["negbig"]);
        Assert.Equal(Math.PI, back["pi"]);
        Assert.True(double.IsNaN(Assert.IsType<double>(back["nan"])));
        Assert.Equal("héllo ✓", back["str"]);
        Assert.Equal(new string('x', 1000), back["long str"]);
        Assert.Equal(new byte[] { 0, 1, 255 }, back["bytes"]);
        Assert.Equal(new byte[300], back["long bytes"]);
        Assert.Equal(new PyTuple(1L, "a", null, PyTuple.Empty), back["tuple"]);
        Assert.Equal(Enumerable.Range(0, 2500).Select(i => (object?)(long)i).ToList(), Assert.IsType<List<object?>>(back["list"]));
        var nested = Assert.IsType<Dictionary<object, object?>>(back["nested"]);
        Assert.Equal(Sample(NdElementType.Float64, [3, 2]).Data, Assert.IsType<NdArray>(nested["arr"]).Data);
        Assert.Empty(Assert.IsType<List<object?>>(Assert.Single(Assert.IsType<List<object?>>(nested["l"]))));
        var set = Assert.IsType<HashSet<object>>(back["set"]);
        Assert.True(set.SetEquals(new object[] { 1L, "two" }));
    }

    [Fact]
    public void TupleKeys_UseStructuralEquality()
    {
        var data = PickleWriter.Write(new Dictionary<object, object?>(PyEqualityComparer.Instance) { [new PyTuple(1L, "x")] = "v" });
        var back = Assert.IsType<Dictionary<object, object?>>(PickleReader.Load(data, "rt.pickle"));
        Assert.Equal("v", back[new PyTuple(1L, "x")]);
    }

    [Fact]
    public void Writer_RefusesCyclesAndUnknownTypes()
    {
        var l = new List<object?>();
        l.Add(l);
        Assert.Throws<ArgumentException>(() => PickleWriter.Write(l));
        Assert.Throws<ArgumentException>(() => PickleWriter.Write(new double[] { 1 }));
        Assert.Throws<ArgumentException>(() => PickleWriter.Write(DateTime.Now));
    }

    [Fact]
    public void Writer_EmitsNumpy1Layout()
    {
        var bytes = PickleWriter.Write(new NdArray(NdElementType.Float64, [1], new[] { 1.0 }));
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.Equal(new byte[] { 0x80, 4 }, bytes[..2]);
        Assert.Contains("numpy.core.multiarray", text);
        Assert.Contains("_reconstruct", text);
        Assert.Contains("ndarray", text);
        Assert.Contains("f8", text);
    }

    /// <summary>
    /// Optional cross-check with the group's Python: runs tests/scripts/check_pickle_roundtrip.py, which loads our
    /// pickle with pickle.load + NumPy and asserts its contents. Skipped when /usr/bin/python3 with numpy is absent.
    /// </summary>
    [PythonNumpyFact]
    public void PythonLoadsWriterOutput()
    {
        var value = new Dictionary<string, object?>
        {
            ["truth"] = new Dictionary<string, object?>
            {
                ["num_electrons"] = new NdScalar(NdElementType.Int64, 12345L),
                ["track_energy"] = 1000.0,
                ["r_brem"] = new NdArray(NdElementType.Float64, [3, 2], new[] { 1.0, 2, 3, 4, 5, 6 }),
                ["first_interaction"] = "n/a",
            },
            ["meta"] = new Dictionary<string, object?> { ["tuple"] = new PyTuple(1L, null), ["big"] = BigInteger.Pow(2, 100), ["b"] = new byte[] { 1, 2 } },
        };
        foreach (var t in Enum.GetValues<NdElementType>()) ((Dictionary<string, object?>)value["meta"]!)[$"arr_{t}"] = Sample(t, [2, 3]);
        foreach (var t in Enum.GetValues<NdElementType>()) ((Dictionary<string, object?>)value["meta"]!)[$"sc_{t}"] = new NdScalar(t, Sample(t, [2]).Data.GetValue(1)!);
        var file = Path.Combine(Path.GetTempPath(), $"rt-{Guid.NewGuid():N}.pickle");
        File.WriteAllBytes(file, PickleWriter.Write(value));
        try
        {
            var script = Path.Combine(TestData.RepoRoot!, "tests", "scripts", "check_pickle_roundtrip.py");
            var (code, output) = PythonNumpyFactAttribute.Run(script, file);
            Assert.True(code == 0, output);
        }
        finally { File.Delete(file); }
    }
}

public sealed class PythonNumpyFactAttribute : FactAttribute
{
    private const string Python = "/usr/bin/python3";
    private static readonly Lazy<bool> Available = new(() =>
    {
        try { return File.Exists(Python) && TestData.RepoRoot is not null && Run("-c", "import numpy").Code == 0; }
        catch { return false; }
    });

    public PythonNumpyFactAttribute()
    {
        if (!Available.Value) Skip = "optional: /usr/bin/python3 with numpy not available";
    }

    internal static (int Code, string Output) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
