using TrackPipeline.Formats;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tests.Formats.Pickle;

/// <summary>Malicious and malformed pickles, built as bytes: each must give a TrackFormatException and run nothing.</summary>
public class PickleSafetyTests
{
    private const string Path = "test.pickle";

    private static TrackFormatException Fails(byte[] data, InputErrorKind kind = InputErrorKind.Pickle, PickleLimits? limits = null)
    {
        var ex = Record.Exception(() => PickleReader.Load(data, Path, limits));
        var tfe = Assert.IsType<TrackFormatException>(ex);
        Assert.Equal(kind, tfe.Kind);
        Assert.Equal(Path, tfe.Path);
        Assert.NotNull(tfe.Offset);
        Assert.Contains($"{Path} at byte {tfe.Offset}", tfe.Message);
        return tfe;
    }

    private static string MarkerCommand(out string marker)
    {
        marker = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pickle-pwned-{Guid.NewGuid():N}");
        return $"touch {marker}";
    }

    [Fact]
    public void OsSystem_ViaGlobal_IsRefusedAndNothingRuns()
    {
        var cmd = MarkerCommand(out var marker);
        var data = PickleBytes.Proto(2).Global("os", "system").Str(cmd).Op(0x85).Op('R').Stop().ToArray();
        var ex = Fails(data, InputErrorKind.UnsafePickle);
        Assert.Contains("os.system", ex.Message);
        Assert.Equal(2, ex.Offset);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void OsSystem_ViaStackGlobalAndReduce_IsRefusedAndNothingRuns()
    {
        var cmd = MarkerCommand(out var marker);
        var data = PickleBytes.Proto(4).Str("os").Str("system").Op(0x93).Str(cmd).Op(0x85).Op('R').Stop().ToArray();
        var ex = Fails(data, InputErrorKind.UnsafePickle);
        Assert.Contains("os.system", ex.Problem);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("builtins", "eval")]
    [InlineData("posix", "system")]
    [InlineData("subprocess", "Popen")]
    [InlineData("copyreg", "_reconstructor")]
    [InlineData("numpy", "load")]
    [InlineData("numpy.core.multiarray", "_reconstructx")]
    public void OtherGlobals_AreRefusedByName(string module, string name)
    {
        Assert.Contains($"{module}.{name}", Fails(PickleBytes.Proto(2).Global(module, name).Stop().ToArray(), InputErrorKind.UnsafePickle).Problem);
        Assert.Contains($"{module}.{name}", Fails(PickleBytes.Proto(4).Str(module).Str(name).Op(0x93).Stop().ToArray(), InputErrorKind.UnsafePickle).Problem);
    }

    [Fact]
    public void UnsafeGlobal_IsReportedBeforeAnyLaterProblem()
    {
        // No STOP, garbage after the global: the refusal comes first.
        var data = PickleBytes.Proto(2).Global("os", "system").Byte(0xFF).Byte(0xFF).ToArray();
        Assert.Contains("os.system", Fails(data, InputErrorKind.UnsafePickle).Message);
    }

    [Fact]
    public void ExtensionRegistry_IsUnsafe()
        => Fails(PickleBytes.Proto(2).Op(0x82).Byte(1).Stop().ToArray(), InputErrorKind.UnsafePickle);

    [Fact]
    public void DeepListNesting_OnTheStack_IsAClearError()
    {
        var data = PickleBytes.Proto(4).Repeat(100_000, p => p.Op(']')).Repeat(99_999, p => p.Op('a')).Stop().ToArray();
        Assert.Contains("nested deeper than 256", Fails(data).Problem);
    }

    [Fact]
    public void DeepListNesting_ViaMemo_IsAClearError()
    {
        // Nest a list 100k deep with a stack of at most two objects.
        var data = PickleBytes.Proto(4).Op(']').Op('q').Byte(0).Op('0')
            .Repeat(100_000, p => p.Op(']').Op('h').Byte(0).Op('a').Op('q').Byte(0).Op('0'))
            .Op('h').Byte(0).Stop().ToArray();
        Assert.Contains("nested deeper than 256", Fails(data).Problem);
    }

    [Fact]
    public void DeepTupleNesting_ViaMemo_IsAClearError()
    {
        var data = PickleBytes.Proto(4).Op(')').Op('q').Byte(0).Op('0')
            .Repeat(100_000, p => p.Op('h').Byte(0).Op(0x85).Op('q').Byte(0).Op('0'))
            .Op('h').Byte(0).Stop().ToArray();
        Assert.Contains("nested deeper than 256", Fails(data).Problem);
    }

    /// <summary>Breaker14 F1: a 430-byte pickle whose dict key is 2^61 items written out (memo-shared tuples) hashed for ever.</summary>
    [Fact]
    public void SharedTupleKey_OfSixtyLevels_IsRefusedAsTooLargeAKey()
    {
        var ex = Fails(PickleBytes.SharedTupleKey(60));
        Assert.Contains("SETITEM: a tuple as dict key / set element holds more than 4096 items counted through its nesting", ex.Problem);
    }

    [Fact]
    public void SharedTupleKey_WithinTheLimit_IsReadAndEqualToItsWrittenOutCopy()
    {
        // 10 levels: 2,046 items written out, under the 4,096 of PickleLimits.MaxKeyItems; one more level is 4,094, two 8,190.
        var d = Assert.IsType<Dictionary<object, object?>>(PickleReader.Load(PickleBytes.SharedTupleKey(10), Path));
        var key = Assert.IsType<PyTuple>(Assert.Single(d).Key);
        static PyTuple Written(int levels) => levels == 0 ? PyTuple.Empty : new PyTuple(Written(levels - 1), Written(levels - 1));
        Assert.True(d.ContainsKey(Written(10)));
        Assert.False(d.ContainsKey(Written(9)));
        PickleReader.Load(PickleBytes.SharedTupleKey(11), Path);
        Fails(PickleBytes.SharedTupleKey(12));
        Fails(PickleBytes.SharedTupleKey(10), limits: new PickleLimits { MaxKeyItems = 2045 });
    }

    /// <summary>
    /// Breaker14 F1, second half: two distinct but equal memo-shared keys were compared written out (a 1 MB pickle of such
    /// keys under the size limit cost 5.4 CPU-s). Pairs found equal are not compared again, so 60 levels compare at once.
    /// </summary>
    [Fact]
    public void Distinct_equal_shared_tuples_compare_equal_and_unequal_ones_do_not()
    {
        static PyTuple Chain(int levels, object? leaf)
        {
            var t = new PyTuple(leaf);
            for (int i = 0; i < levels; i++) t = new PyTuple(t, t);
            return t;
        }
        Assert.True(Chain(60, 1L).Equals(Chain(60, 1L)));
        Assert.False(Chain(60, 1L).Equals(Chain(60, 2L)));
        Assert.False(Chain(60, 1L).Equals(Chain(59, 1L)));
        Assert.Equal(Chain(60, 1L).GetHashCode(), Chain(60, 1L).GetHashCode());

        // Read: {A: None} then the same key built again from its own chain, 10 levels (2,046 items): one entry.
        var p = PickleBytes.Proto(4).Op('}');
        for (int chain = 0; chain < 2; chain++)
        {
            int b = 11 * chain;
            p.Op(')').Op(0x94).Op('0');
            for (int i = 0; i < 10; i++) p.Op('h').Byte(b + i).Op('h').Byte(b + i).Op(0x86).Op(0x94).Op('0');
            p.Op('h').Byte(b + 10).Op('N').Op('s');
        }
        var d = Assert.IsType<Dictionary<object, object?>>(PickleReader.Load(p.Stop().ToArray(), Path));
        Assert.Single(d);
    }

    /// <summary>Breaker14 F3: refusals said .NET's names (Byte[], List`1); a Python user reads Python's.</summary>
    [Fact]
    public void Refusals_name_types_as_Python_does()
    {
        var listKey = Fails(PickleBytes.Proto(4).Op('}').Op(']').Op('N').Op('s').Stop().ToArray()).Problem;
        Assert.Contains("unhashable type 'list'", listKey);
        var onBytes = Fails(PickleBytes.Proto(4).Op('C').Byte(1).Byte(7).Op('N').Op('N').Op('s').Stop().ToArray()).Problem;
        Assert.Contains("SETITEM on bytes, expected dict", onBytes);
        var truth = Assert.Throws<TrackFormatException>(() => TrackPipeline.Tracks.TruthParser.Parse(new byte[] { 1 }, Path));
        Assert.Equal(InputErrorKind.Truth, truth.Kind);
        Assert.Contains("the pickle is bytes, expected a dict", truth.Problem);
        var list = Assert.Throws<TrackFormatException>(() => TrackPipeline.Tracks.TruthParser.Parse(
            new Dictionary<object, object?> { ["truth"] = new List<object?>() }, Path));
        Assert.Contains("truth is list, expected a dict", list.Problem);
        Assert.Equal(["None", "str", "int", "int", "float", "bool", "bytes", "list", "dict", "tuple", "set"],
            new object?[] { null, "a", 1L, System.Numerics.BigInteger.One, 1.0, true, new byte[1], new List<object?>(), new Dictionary<object, object?>(), PyTuple.Empty, new HashSet<object>() }
                .Select(PyTypeName.Of));
    }

    [Fact]
    public void MarkSpam_IsAClearError()
    {
        var data = PickleBytes.Proto(4).Repeat(100_000, p => p.Op('(')).Stop().ToArray();
        var ex = Fails(data);
        Assert.Contains("MARK", ex.Problem);
        Assert.Equal(2 + 256, ex.Offset);
    }

    /// <summary>
    /// Known issues s26 breaker12 item 9: the counts are bounded (stack, memo, elements) but not the bytes they build: a
    /// list of 200,000 empty dicts (400 kB of opcodes) builds tens of MB. Past the allocation limit it is refused, named
    /// as too large, with the limit and where it comes from; without a limit the same bytes load.
    /// </summary>
    [Fact]
    public void SmallObjects_PastTheAllocationLimit_AreRefusedAsTooLarge()
    {
        var data = PickleBytes.Proto(2).Op(']').Repeat(200_000, p => p.Op('}').Op('a')).Stop().ToArray();
        var limits = new PickleLimits { MaxAllocatedBytes = 4 << 20, AllocationLimitSource = "the test's limit" };
        var ex = Fails(data, InputErrorKind.TooLarge, limits);
        Assert.Contains("allocated more than 4,194,304 bytes (the test's limit)", ex.Problem);
        Assert.True(ex.Offset < data.Length, "refused while parsing, before the end");
        Assert.Equal(200_000, Assert.IsType<List<object?>>(PickleReader.Load(data, Path)).Count);
    }

    /// <summary>The sample's truth pickles parse far inside the allowance every pickle has (the bound must never cost real truth).</summary>
    [SharedDataFact]
    public void SamplePickles_AllocateFarLessThanTheirAllowance()
    {
        long most = 0;
        int pickles = 0;
        foreach (var file in Directory.EnumerateFiles(TestData.TracksRoot!, "*.pickle", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            long before = GC.GetAllocatedBytesForCurrentThread();
            PickleReader.Load(bytes, file, new PickleLimits { MaxAllocatedBytes = TrackPipeline.Tracks.TrackLimits.PickleAllocatedBytesAllowance });
            most = Math.Max(most, GC.GetAllocatedBytesForCurrentThread() - before);
            pickles++;
        }
        Assert.True(pickles > 0, "SKIPPED (no .pickle in the sample)");
        Assert.True(most < 64 << 10, $"a sample pickle allocated {most:N0} bytes while parsed (documented: under 64 kB)");
    }

    [Fact]
    public void ModerateNesting_WithinLimits_Loads()
    {
        var data = PickleBytes.Proto(4).Repeat(200, p => p.Op(']')).Repeat(199, p => p.Op('a')).Stop().ToArray();
        object? o = PickleReader.Load(data, Path);
        int depth = 0;
        while (o is List<object?> l) { depth++; o = l.Count > 0 ? l[0] : null; }
        Assert.Equal(200, depth);
    }

    [Theory]
    [InlineData(0x8d)] // BINUNICODE8
    [InlineData(0x8e)] // BINBYTES8
    [InlineData(0x96)] // BYTEARRAY8
    [InlineData(0x95)] // FRAME
    public void HugeDeclaredLength_IsRefusedWithoutAllocating(byte op)
    {
        var data = PickleBytes.Proto(4).Op(op).U64(1UL << 62).Ascii("abc").Stop().ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Fails(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("declares 4611686018427387904 bytes", ex.Problem);
        Assert.Equal(2, ex.Offset);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void HugeLong4_IsRefused()
        => Assert.Contains("declares", Fails(PickleBytes.Proto(2).Op(0x8b).I32(int.MaxValue).Stop().ToArray()).Problem);

    [Fact]
    public void NegativeBinString_IsRefused()
        => Assert.Contains("negative", Fails(PickleBytes.Proto(2).Op('T').I32(-5).Stop().ToArray()).Problem);

    [Fact]
    public void MissingMemoKey_IsAnError()
        => Assert.Contains("memo key 5 is missing", Fails(PickleBytes.Proto(4).Op('h').Byte(5).Stop().ToArray()).Problem);

    [Fact]
    public void StackUnderflow_IsAnError()
    {
        Assert.Contains("underflow", Fails(PickleBytes.Proto(4).Op('a').Stop().ToArray()).Problem);
        Assert.Contains("underflow", Fails(PickleBytes.Proto(4).Op('N').Op('(').Op('a').Stop().ToArray()).Problem);
        Assert.Contains("underflow", Fails(PickleBytes.Proto(4).Op('R').Stop().ToArray()).Problem);
    }

    [Fact]
    public void UnmatchedMark_IsAnError()
    {
        Assert.Contains("unmatched MARK", Fails(PickleBytes.Proto(4).Op('(').Op('N').Stop().ToArray()).Problem);
        Assert.Contains("no MARK", Fails(PickleBytes.Proto(4).Op('N').Op('t').Stop().ToArray()).Problem);
    }

    [Fact]
    public void TrailingData_IsAnErrorUnlessAllowed()
    {
        var data = PickleBytes.Proto(4).Op('N').Stop().Ascii("junk").ToArray();
        var ex = Fails(data);
        Assert.Equal(4, ex.Offset);
        Assert.Contains("trailing", ex.Problem);
        Assert.Null(PickleReader.Load(data, Path, new PickleLimits { AllowTrailingData = true }));
    }

    [Fact]
    public void EmptyAndTruncatedInput_AreErrors()
    {
        Assert.Contains("without a STOP", Fails([]).Problem);
        // Known issues s26 breaker12 item 9: an empty file and a text file were told in the parser's words only.
        Assert.StartsWith("the file is empty (0 bytes), not a pickle", Fails([]).Problem);
        var text = Fails(System.Text.Encoding.ASCII.GetBytes("hello, this is a text file\n")).Problem;
        Assert.Contains("memo key", text);
        Assert.Contains("does not start with the 0x80 header of a pickle of protocol 2 or later", text);
        Assert.DoesNotContain("0x80 header", Fails(PickleBytes.Proto(4).Op('h').Byte(5).Stop().ToArray()).Problem);
        Assert.Contains("without a STOP", Fails(PickleBytes.Proto(4).Op('N').ToArray()).Problem);
        Fails(PickleBytes.Proto(4).Op('J').Byte(1).ToArray());
    }

    [Fact]
    public void OutOfBandBuffers_AreRefused()
    {
        Assert.Contains("out-of-band buffers not supported", Fails(PickleBytes.Proto(5).Op(0x97).Stop().ToArray()).Problem);
        Assert.Contains("out-of-band buffers not supported", Fails(PickleBytes.Proto(5).Op('N').Op(0x98).Stop().ToArray()).Problem);
    }

    [Fact]
    public void UnhashableKey_IsAnError()
        => Assert.Contains("unhashable", Fails(PickleBytes.Proto(4).Op('}').Op(']').Op('N').Op('s').Stop().ToArray()).Problem);

    [Fact]
    public void SelfContainingList_IsAnError()
        => Assert.Contains("recursive", Fails(PickleBytes.Proto(4).Op(']').Op('q').Byte(0).Op('h').Byte(0).Op('a').Stop().ToArray()).Problem);

    [Fact]
    public void InvalidUtf8_IsAnError()
        => Assert.Contains("UTF-8", Fails(PickleBytes.Proto(4).Op(0x8c).Byte(2).Byte(0xC3).Byte(0x28).Stop().ToArray()).Problem);

    [Fact]
    public void UnknownOpcodeAndProtocol_AreErrors()
    {
        Assert.Contains("unknown opcode 0xff", Fails(PickleBytes.Proto(4).Byte(0xFF).Stop().ToArray()).Problem);
        Assert.Contains("protocol 9", Fails(PickleBytes.Proto(9).Op('N').Stop().ToArray()).Problem);
    }

    [Fact]
    public void TooManyElements_IsAnError()
    {
        var data = PickleBytes.Proto(4).Op(']').Op('(').Repeat(100, p => p.Op('N')).Op('e').Stop().ToArray();
        Assert.Contains("limit", Fails(data, limits: new PickleLimits { MaxTotalElements = 50 }).Problem);
    }

    // numpy.arange(6, dtype='>i4').reshape(2, 3) pickled by NumPy 1.24 with protocol 2.
    internal const string Proto2BigEndianInt32Array =
        "8002636e756d70792e636f72652e6d756c746961727261790a5f7265636f6e7374727563740a7100636e756d70790a6e6461727261790a71014b00857102635f636f646563730a656e636f64650a7103580100000062710458060000006c6174696e317105867106527107877108527109284b014b024b0386710a636e756d70790a64747970650a710b58020000006934710c898887710d52710e284b0358010000003e710f4e4e4e4affffffff4affffffff4b0074711062896803581800000000000000000000010000000200000003000000040000000571116805867112527113747114622e";

    [Fact]
    public void ArrayDataSizeMismatch_IsAnError()
    {
        // Same pickle, shape changed from (2, 3) to (2, 4).
        var hex = Proto2BigEndianInt32Array.Replace("284b014b024b0386", "284b014b024b0486");
        Assert.NotEqual(Proto2BigEndianInt32Array, hex);
        var ex = Fails(Convert.FromHexString(hex));
        Assert.Contains("24 bytes but shape (2, 4) x itemsize 4 needs 32", ex.Problem);
    }

    [Fact]
    public void ObjectDtype_IsRefused()
    {
        var hex = Proto2BigEndianInt32Array.Replace("58020000006934", "58020000004f38");
        Assert.Contains("object dtype", Fails(Convert.FromHexString(hex)).Problem);
    }

    [Fact]
    public void WriterOutput_TruncatedAtEveryOffset_ThrowsTrackFormatException()
    {
        var value = new Dictionary<string, object?>
        {
            ["a"] = new NdArray(NdElementType.Float64, [2, 2], new[] { 1.0, 2, 3, 4 }),
            ["b"] = new List<object?> { 1L, "x", new PyTuple(1L, 2.5), new byte[] { 1, 2 } },
            ["c"] = new NdScalar(NdElementType.Int64, 7L),
        };
        var bytes = PickleWriter.Write(value);
        for (int n = 0; n < bytes.Length; n++)
            Assert.IsType<TrackFormatException>(Record.Exception(() => PickleReader.Load(bytes.AsSpan(0, n), Path)));
    }
}
