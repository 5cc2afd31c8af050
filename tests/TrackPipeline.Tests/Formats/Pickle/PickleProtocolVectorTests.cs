using System.Numerics;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tests.Formats.Pickle;

/// <summary>Pickles captured from CPython 3.11 + NumPy 1.24 with pickle.dumps(obj, protocol=p).</summary>
public class PickleProtocolVectorTests
{
    private static object? Load(string hex) => PickleReader.Load(Convert.FromHexString(hex), "vector.pickle");

    // {'big': 2**100, 's': {1, 2}, 'f': 1.5, 't': (1, 'a', None), 'b': b'xy'}, protocol 2
    // (set via __builtin__.set, bytes via _codecs.encode).
    private const string Proto2Dict =
        "80027d710028580300000062696771018a0d000000000000000000000000105801000000737102635f5f6275696c74696e5f5f0a7365740a71035d7104284b014b02658571055271065801000000667107473ff800000000000058010000007471084b0158010000006171094e87710a580100000062710b635f636f646563730a656e636f64650a710c58020000007879710d58060000006c6174696e31710e86710f527110752e";

    // {'big': -2**100, 's': {1, 2}, 'fs': frozenset(['a']), 'f': 1.5, 't': (1, 'a', None), 'b': b'xy', (1, 2): [True, False]}, protocol 3
    private const string Proto3Dict =
        "80037d710028580300000062696771018a0d000000000000000000000000f05801000000737102636275696c74696e730a7365740a71035d7104284b014b0265857105527106580200000066737107636275696c74696e730a66726f7a656e7365740a71085d7109580100000061710a6185710b52710c580100000066710d473ff8000000000000580100000074710e4b01680a4e87710f58010000006271104302787971114b014b028671125d711328888965752e";

    // {'big': 2**100, 's': {1, 2}, 'f': -0.25, 't': (1, 'a', None), 'b': b'xy', 'ba': bytearray(b'q'),
    //  'arr': np.array([[1.5, 2.5], [3.5, 4.5]], dtype='<f4'), 'sc': np.int32(7)}, protocol 5 (array via _frombuffer)
    private const string Proto5Dict =
        "8005953a010000000000007d94288c03626967948a0d000000000000000000000000108c0173948f94284b014b02908c01669447bfd00000000000008c0174944b018c0161944e87948c01629443027879948c0262619496010000000000000071948c03617272948c126e756d70792e636f72652e6e756d65726963948c0b5f66726f6d627566666572949394289610000000000000000000c03f000020400000604000009040948c056e756d7079948c0564747970659493948c02663494898887945294284b038c013c944e4e4e4affffffff4affffffff4b007494624b024b0286948c014394749452948c027363948c156e756d70792e636f72652e6d756c74696172726179948c067363616c617294939468138c02693494898887945294284b0368174e4e4e4affffffff4affffffff4b007494624304070000009486945294752e";

    // np.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3)), protocol 5 (_frombuffer with order 'F')
    private const string Proto5FortranBigEndian =
        "8005958d000000000000008c126e756d70792e636f72652e6e756d65726963948c0b5f66726f6d62756666657294939428961800000000000000000000000000000300000001000000040000000200000005948c056e756d7079948c0564747970659493948c02693494898887945294284b038c013e944e4e4e4affffffff4affffffff4b007494624b024b0386948c014694749452942e";

    // np.asfortranarray(np.arange(6, dtype='<u2').reshape(2, 3)), protocol 2 (_reconstruct + BUILD, is_fortran=True)
    private const string Proto2FortranUInt16 =
        "8002636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b024b0386710a636e756d70790a64747970650a710b58020000007532710c898887710d52710e284b0358010000003c710f4e4e4e4affffffff4affffffff4b0074711062886803580c00000000000300010004000200050071116805867112527113747114622e";

    // np.float32(1.5), protocol 2
    private const string Proto2Float32Scalar =
        "8002636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7100636e756d70790a64747970650a71015802000000663471028988877103527104284b0358010000003c71054e4e4e4affffffff4affffffff4b0074710662635f636f646563730a656e636f64650a710758050000000000c3803f710858060000006c6174696e31710986710a52710b86710c52710d2e";

    [Fact]
    public void Protocol2_Dict()
    {
        var d = Assert.IsType<Dictionary<object, object?>>(Load(Proto2Dict));
        Assert.Equal(BigInteger.Pow(2, 100), Assert.IsType<BigInteger>(d["big"]));
        Assert.True(Assert.IsType<HashSet<object>>(d["s"]).SetEquals(new object[] { 1L, 2L }));
        Assert.Equal(1.5, d["f"]);
        Assert.Equal(new PyTuple(1L, "a", null), d["t"]);
        Assert.Equal("xy"u8.ToArray(), d["b"]);
    }

    [Fact]
    public void Protocol3_Dict_WithFrozensetAndTupleKey()
    {
        var d = Assert.IsType<Dictionary<object, object?>>(Load(Proto3Dict));
        Assert.Equal(-BigInteger.Pow(2, 100), d["big"]);
        Assert.True(Assert.IsType<HashSet<object>>(d["s"]).SetEquals(new object[] { 1L, 2L }));
        Assert.True(Assert.IsType<HashSet<object>>(d["fs"]).SetEquals(new object[] { "a" }));
        Assert.Equal(new List<object?> { true, false }, d[new PyTuple(1L, 2L)]);
        Assert.Equal("xy"u8.ToArray(), d["b"]);
    }

    [Fact]
    public void Protocol5_Dict_WithArrayScalarAndBytearray()
    {
        var d = Assert.IsType<Dictionary<object, object?>>(Load(Proto5Dict));
        Assert.Equal(BigInteger.Pow(2, 100), d["big"]);
        Assert.Equal(-0.25, d["f"]);
        Assert.Equal("q"u8.ToArray(), d["ba"]);
        var arr = Assert.IsType<NdArray>(d["arr"]);
        Assert.Equal(NdElementType.Float32, arr.ElementType);
        Assert.Equal(new[] { 2, 2 }, arr.Shape);
        Assert.Equal(new[] { 1.5f, 2.5f, 3.5f, 4.5f }, arr.Data);
        Assert.Equal(7, Assert.IsType<int>(d["sc"]));
    }

    [Fact]
    public void Protocol2_BigEndianArray()
    {
        var a = Assert.IsType<NdArray>(Load(PickleSafetyTests.Proto2BigEndianInt32Array));
        Assert.Equal(NdElementType.Int32, a.ElementType);
        Assert.Equal(new[] { 2, 3 }, a.Shape);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, a.Data);
    }

    [Fact]
    public void Protocol5_FortranBigEndianArray_IsConvertedToC()
    {
        var a = Assert.IsType<NdArray>(Load(Proto5FortranBigEndian));
        Assert.Equal(new[] { 2, 3 }, a.Shape);
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5 }, a.Data);
    }

    [Fact]
    public void Protocol2_FortranArray_IsConvertedToC()
    {
        var a = Assert.IsType<NdArray>(Load(Proto2FortranUInt16));
        Assert.Equal(NdElementType.UInt16, a.ElementType);
        Assert.Equal(new[] { 2, 3 }, a.Shape);
        Assert.Equal(new ushort[] { 0, 1, 2, 3, 4, 5 }, a.Data);
    }

    [Fact]
    public void Protocol2_Float32Scalar()
        => Assert.Equal(1.5f, Assert.IsType<float>(Load(Proto2Float32Scalar)));

    [Fact]
    public void Protocol0Opcodes_AreRead()
    {
        // INT, LONG, FLOAT, UNICODE, PUT/GET, DICT, LIST, TUPLE, POP_MARK, DUP, POP
        var text = "(dp0\nVkey\\u00e9\np1\n(I42\nL123456789012345678901234567890L\nF-2.5\nI01\nNtp2\nsVl\n(lp3\n(I1\n1I7\n20ag1\nasVn\nI-3\ns.";
        var d = Assert.IsType<Dictionary<object, object?>>(PickleReader.Load(System.Text.Encoding.Latin1.GetBytes(text), "p0.pickle"));
        Assert.Equal(new PyTuple(42L, BigInteger.Parse("123456789012345678901234567890"), -2.5, true, null), d["keyé"]);
        Assert.Equal(new List<object?> { 7L, "keyé" }, d["l"]);
        Assert.Equal(-3L, d["n"]);
        Assert.Equal(3, d.Count);
    }
}
