using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Formats.Npy;

public class NpyRoundTripTests
{
    [Fact]
    public void RandomArraysRoundTripThroughEveryLayout()
    {
        var rng = new Random(20250527);
        var types = Enum.GetValues<NdElementType>();
        for (int iter = 0; iter < 400; iter++)
        {
            var type = types[rng.Next(types.Length)];
            int rank = rng.Next(0, 5);
            var shape = new int[rank];
            for (int k = 0; k < rank; k++) shape[k] = rng.Next(0, rank >= 3 ? 6 : 40);
            var array = NpyTestUtil.Random(rng, type, shape);
            var options = new NpyWriteOptions
            {
                BigEndian = rng.Next(2) == 1,
                FortranOrder = rng.Next(2) == 1,
                Version = rng.Next(4) switch { 0 => null, var v => v },
            };
            var bytes = NpyWriter.ToBytes(array, options);
            string what = $"iter {iter}: {array} {options}";

            var header = NpyHeader.Parse(bytes, "mem", "x.npy");
            Assert.True(header.DataOffset % 64 == 0, what);
            Assert.Equal(options.FortranOrder, header.FortranOrder);
            Assert.Equal(options.Version ?? 1, header.MajorVersion);

            NpyTestUtil.AssertEqual(array, NpyReader.Read(bytes, "mem", "x.npy"));
            using var ms = new MemoryStream(bytes);
            NpyTestUtil.AssertEqual(array, NpyReader.Read(ms, bytes.Length, "mem", "x.npy"));
            using var ns = new NonSeekableStream(bytes);
            NpyTestUtil.AssertEqual(array, NpyReader.Read(ns, -1, "mem", "x.npy"));
        }
    }

    [Fact]
    public void RandomArrayCollectionsRoundTripThroughNpz()
    {
        var rng = new Random(7);
        var types = Enum.GetValues<NdElementType>();
        for (int iter = 0; iter < 60; iter++)
        {
            var arrays = new Dictionary<string, NdArray>();
            int count = rng.Next(1, 5);
            for (int i = 0; i < count; i++)
            {
                int rank = rng.Next(0, 4);
                var shape = new int[rank];
                for (int k = 0; k < rank; k++) shape[k] = rng.Next(0, 300 / (rank * rank));
                arrays[$"a{i}"] = NpyTestUtil.Random(rng, types[rng.Next(types.Length)], shape);
            }
            var options = new NpzWriteOptions
            {
                Compress = rng.Next(2) == 1,
                Npy = new NpyWriteOptions { BigEndian = rng.Next(2) == 1, FortranOrder = rng.Next(2) == 1 },
            };
            using var ms = new MemoryStream();
            NpzWriter.Write(ms, arrays, options);
            ms.Position = 0;
            var back = NpzReader.ReadAll(ms, "mem.npz");
            Assert.Equal(arrays.Keys.Order(), back.Keys.Order());
            foreach (var (k, v) in arrays) NpyTestUtil.AssertEqual(v, back[k]);
        }
    }

    [Fact]
    public void LargeFortranMatrixCrossesReadChunks()
    {
        var rng = new Random(3);
        foreach (var shape in new[] { new[] { 3, 100_003 }, new[] { 5000, 7 }, new[] { 1, 9000 }, new[] { 9000, 1 } })
        foreach (var big in new[] { false, true })
        {
            var array = NpyTestUtil.Random(rng, NdElementType.Float64, shape);
            var bytes = NpyWriter.ToBytes(array, new NpyWriteOptions { FortranOrder = true, BigEndian = big });
            using var ms = new MemoryStream(bytes);
            NpyTestUtil.AssertEqual(array, NpyReader.Read(ms, bytes.Length, "mem", "r.npy"));
            NpyTestUtil.AssertEqual(array, NpyReader.Read(bytes, "mem", "r.npy"));
        }
    }

    [Fact]
    public void WritesToPathAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("npytest");
        try
        {
            var path = Path.Combine(dir.FullName, "t.npz");
            var arrays = new Dictionary<string, NdArray> { ["x"] = new(NdElementType.Int32, [2], new[] { 1, 2 }) };
            AtomicFile.Write(path, s => NpzWriter.Write(s, arrays));
            AtomicFile.Write(path, s => NpzWriter.Write(s, arrays, new NpzWriteOptions { Compress = true })); // overwrite
            NpyTestUtil.AssertEqual(arrays["x"], NpzReader.ReadAll(path)["x"]);
            AtomicFile.Write(Path.Combine(dir.FullName, "x.npy"), s => NpyWriter.Write(s, arrays["x"]));
            NpyTestUtil.AssertEqual(arrays["x"], NpyReader.Read(File.ReadAllBytes(Path.Combine(dir.FullName, "x.npy")), "x", "x.npy"));
            Assert.Equal(2, dir.GetFiles().Length); // no temp files left behind
        }
        finally { dir.Delete(true); }
    }

    // Vectors produced by NumPy 1.24 (numpy.save / numpy.lib.format.write_array), pasted as hex.
    private const string F4BigFortran2x3 = "934e554d5059010076007b276465736372273a20273e6634272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a3fc0000040800000c000000040a8000040400000bbc49ba6";
    private const string I2 = "934e554d5059010076007b276465736372273a20273c6932272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028352c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100feffff7f00800000";
    private const string U1 = "934e554d5059010076007b276465736372273a20277c7531272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0001ff800709";
    private const string B1 = "934e554d5059010076007b276465736372273a20277c6231272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028342c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a01000101";
    private const string V2I8 = "934e554d50590200740000007b276465736372273a20273c6938272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2032292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100000000000000020000000000000003000000000000000400000000000000";
    private const string V3F8Big = "934e554d50590300740000007b276465736372273a20273e6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a3ff0000000000000bfe0000000000000";
    private const string ScalarF8 = "934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000000000000440";

    public static TheoryData<string, NdArray, NpyWriteOptions> NumpyVectors() => new()
    {
        { F4BigFortran2x3, new(NdElementType.Float32, [2, 3], new float[] { 1.5f, -2f, 3f, 4f, 5.25f, (float)-6e-3 }), new() { BigEndian = true, FortranOrder = true } },
        { I2, new(NdElementType.Int16, [5], new short[] { 1, -2, 32767, -32768, 0 }), new() },
        { U1, new(NdElementType.UInt8, [2, 3], new byte[] { 0, 1, 255, 128, 7, 9 }), new() },
        { B1, new(NdElementType.Bool, [4], new[] { true, false, true, true }), new() },
        { V2I8, new(NdElementType.Int64, [2, 2], new long[] { 1, 2, 3, 4 }), new() { Version = 2 } },
        { V3F8Big, new(NdElementType.Float64, [2], new[] { 1.0, -0.5 }), new() { Version = 3, BigEndian = true } },
        { ScalarF8, new(NdElementType.Float64, [], new[] { 2.5 }), new() },
    };

    [Theory]
    [MemberData(nameof(NumpyVectors))]
    public void NumpyVectorsReadAndWriteByteIdentically(string hex, NdArray expected, NpyWriteOptions options)
    {
        var bytes = Convert.FromHexString(hex);
        NpyTestUtil.AssertEqual(expected, NpyReader.Read(bytes, "numpy", "v.npy"));
        Assert.Equal(hex, Convert.ToHexString(NpyWriter.ToBytes(expected, options)), ignoreCase: true);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", NdElementType.Float64, new[] { 2 })]
    [InlineData("{ \"shape\" : ( 2 , ) ,\n 'fortran_order':False,'descr':'=f8'}", NdElementType.Float64, new[] { 2 })]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2,),}", NdElementType.UInt8, new[] { 1, 2 })]
    [InlineData("{'descr': 'i4', 'fortran_order': False, 'shape': (2L,)}", NdElementType.Int32, new[] { 2 })]
    [InlineData("{'descr': '<b1', 'fortran_order': False, 'shape': (),}", NdElementType.Bool, new int[0])]
    public void HeaderParserIsTolerantOfPythonLiteralVariants(string dict, NdElementType type, int[] shape)
    {
        var h = NpyHeader.Parse(Raw(dict), "mem", "x.npy");
        Assert.Equal(type, h.ElementType);
        Assert.Equal(shape, h.Shape);
    }

    /// <summary>A v1.0 .npy preamble plus the given header text (no data).</summary>
    internal static byte[] Raw(string dict, int version = 1)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(dict + "\n");
        int prefix = version == 1 ? 10 : 12;
        var b = new byte[prefix + text.Length];
        NpyHeader.Magic.CopyTo(b);
        b[6] = (byte)version;
        b[8] = (byte)text.Length;
        b[9] = (byte)(text.Length >> 8);
        text.CopyTo(b, prefix);
        return b;
    }
}

public class NdArrayConversionTests
{
    /// <summary>The CLR lets byte[] pass `is sbyte[]`; conversions must still read unsigned values as unsigned.</summary>
    [Fact]
    public void UnsignedElementArraysConvertAsUnsigned()
    {
        Assert.Equal([200.0, 1.0], new NdArray(NdElementType.UInt8, [2], new byte[] { 200, 1 }).ToDoubleArray());
        Assert.Equal([65535.0], new NdArray(NdElementType.UInt16, [1], new ushort[] { 65535 }).ToDoubleArray());
        Assert.Equal([4294967295.0], new NdArray(NdElementType.UInt32, [1], new uint[] { uint.MaxValue }).ToDoubleArray());
        Assert.Equal([200L], new NdArray(NdElementType.UInt8, [1], new byte[] { 200 }).ToInt64Array());
        Assert.Equal([4294967295L], new NdArray(NdElementType.UInt32, [1], new uint[] { uint.MaxValue }).ToInt64Array());
        Assert.Throws<OverflowException>(() => new NdArray(NdElementType.UInt64, [1], new[] { ulong.MaxValue }).ToInt64Array());
        Assert.Equal([-56.0], new NdArray(NdElementType.Int8, [1], new sbyte[] { -56 }).ToDoubleArray());
    }
}
