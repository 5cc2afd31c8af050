using System.IO.Compression;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Tests.Formats.Npy;

public class NpyMalformedTests
{
    private static readonly NdArray Sample = new(NdElementType.Float64, [3, 500], Enumerable.Range(0, 1500).Select(i => Math.Sin(i) * 1e-3).ToArray());

    private static byte[] Npz(bool compress, Dictionary<string, NdArray>? arrays = null)
    {
        using var ms = new MemoryStream();
        NpzWriter.Write(ms, arrays ?? new() { ["r"] = Sample, ["num_e"] = new(NdElementType.Int64, [4], new long[] { 1, 2, 3, 4 }) },
            new NpzWriteOptions { Compress = compress });
        return ms.ToArray();
    }

    private static TrackFormatException ReadNpz(byte[] bytes) =>
        Assert.Throws<TrackFormatException>(() => NpzReader.ReadAll(new MemoryStream(bytes), "bad.npz"));

    private static TrackFormatException ReadNpy(byte[] bytes)
    {
        var a = Assert.Throws<TrackFormatException>(() => NpyReader.Read(bytes, "bad.npz", "r.npy"));
        var b = Assert.Throws<TrackFormatException>(() => NpyReader.Read(new MemoryStream(bytes), bytes.Length, "bad.npz", "r.npy"));
        Assert.Equal(a.Kind, b.Kind);
        Assert.Equal("r.npy", a.Entry);
        Assert.Contains("bad.npz [r.npy]", a.Message);
        Assert.Contains("bad.npz [r.npy]", b.Message);
        return a;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TruncatedZipIsAZipError(bool compress)
    {
        var full = Npz(compress);
        foreach (var cut in new[] { 0, 4, 30, 100, full.Length / 3, full.Length / 2, full.Length - 30, full.Length - 1 })
        {
            var e = ReadNpz(full[..cut]);
            Assert.Equal(InputErrorKind.Zip, e.Kind);
            Assert.Contains("bad.npz", e.Message);
        }
    }

    [Fact]
    public void FlippedByteInDeflatedPayloadIsDetected()
    {
        var full = Npz(compress: true);
        // Flip bytes across the first entry's compressed data (local header is 30 + name bytes long).
        int dataStart = 30 + "r.npy".Length;
        int detectedAsCrc = 0;
        for (int pos = dataStart + 5; pos < dataStart + 2000 && pos < full.Length - 200; pos += 37)
        {
            var bad = (byte[])full.Clone();
            bad[pos] ^= 0x10;
            var e = ReadNpz(bad);
            Assert.Equal(InputErrorKind.Zip, e.Kind);
            Assert.Equal("r.npy", e.Entry);
            Assert.Contains("[r.npy]", e.Message);
            if (e.Problem.Contains("CRC")) detectedAsCrc++;
        }
        Assert.True(detectedAsCrc > 0, "no flip was reported as a CRC mismatch");
    }

    [Fact]
    public void FlippedByteInStoredPayloadIsACrcError()
    {
        var full = Npz(compress: false);
        var bad = (byte[])full.Clone();
        bad[30 + 5 + 128 + 100] ^= 0x01; // inside r.npy's data
        var e = ReadNpz(bad);
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Equal("r.npy", e.Entry);
        Assert.Contains("CRC", e.Problem);
    }

    [Fact]
    public void BadLocalHeaderIsAZipError()
    {
        var bad = Npz(compress: false);
        bad[0] = (byte)'X'; // local header signature of the first entry
        var e = ReadNpz(bad);
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Equal("r.npy", e.Entry);
    }

    [Fact]
    public void UnsupportedCompressionMethodIsAZipError()
    {
        var bad = Npz(compress: false);
        // Patch method 0 -> 12 (bzip2) in the first local header and in its central directory record.
        bad[8] = 12;
        int cd = FindCentralRecord(bad, "r.npy");
        bad[cd + 10] = 12;
        var e = ReadNpz(bad);
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Equal("r.npy", e.Entry);
        Assert.Contains("compression method", e.Problem);
    }

    [Fact]
    public void DuplicateEntryNameIsAZipError()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < 2; i++)
            {
                using var s = zip.CreateEntry("r.npy").Open();
                NpyWriter.Write(s, Sample);
            }
        }
        var e = ReadNpz(ms.ToArray());
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Equal("r.npy", e.Entry);
        Assert.Contains("duplicate", e.Problem);
    }

    [Fact]
    public void NonNpyEntryIsAZipError()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("r.npy").Open()) NpyWriter.Write(s, Sample);
            using (var w = new StreamWriter(zip.CreateEntry("notes.txt").Open())) w.Write("hello");
        }
        var e = ReadNpz(ms.ToArray());
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Equal("notes.txt", e.Entry);
        Assert.Contains("not a .npy", e.Problem);
    }

    [Fact]
    public void WrongMagicIsAnNpyError()
    {
        var bytes = NpyWriter.ToBytes(Sample);
        bytes[1] = (byte)'X';
        var e = ReadNpy(bytes);
        Assert.Equal(InputErrorKind.Npy, e.Kind);
        Assert.Equal(0, e.Offset);
        Assert.Contains("magic", e.Problem);

        // The same inside an archive: stored entry, so the CRC is right and the npy error surfaces.
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("r.npy", CompressionLevel.NoCompression).Open())
            s.Write(bytes);
        var z = ReadNpz(ms.ToArray());
        Assert.Equal(InputErrorKind.Npy, z.Kind);
        Assert.Equal("r.npy", z.Entry);
    }

    [Theory]
    [InlineData("(1000000, 1000000)")]
    [InlineData("(1000000000000,)")]
    [InlineData("(4294967296, 4294967296, 4294967296)")]
    [InlineData("(99999999999999999999,)")]
    [InlineData("(3, -1)")]
    [InlineData("(100000000,)")] // fits an array, but not the 1 kB entry
    public void HugeOrNegativeShapeIsAnErrorNotAnAllocation(string shape)
    {
        var raw = NpyRoundTripTests.Raw($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}");
        var bytes = raw.Concat(new byte[1024]).ToArray();
        var e = ReadNpy(bytes);
        Assert.Equal(InputErrorKind.Npy, e.Kind);
    }

    [Fact]
    public void HugeShapeInsideAZipIsRejectedBeforeAllocating()
    {
        var raw = NpyRoundTripTests.Raw("{'descr': '<f8', 'fortran_order': False, 'shape': (200000000,), }");
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("r.npy").Open())
        {
            s.Write(raw);
            s.Write(new byte[1024]);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = ReadNpz(ms.ToArray());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(InputErrorKind.Npy, e.Kind);
        Assert.Contains("shorter than declared", e.Problem);
        Assert.True(allocated < 50_000_000, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("<U10")]
    [InlineData("O")]
    [InlineData("<c16")]
    [InlineData("<f2")]
    [InlineData("[('x', '<f8'), ('y', '<i4')]")]
    public void UnsupportedDescrIsNamed(string descr)
    {
        string literal = descr.StartsWith('[') ? descr : $"'{descr}'";
        var raw = NpyRoundTripTests.Raw($"{{'descr': {literal}, 'fortran_order': False, 'shape': (2,), }}");
        var e = ReadNpy(raw.Concat(new byte[32]).ToArray());
        Assert.Equal(InputErrorKind.Npy, e.Kind);
        Assert.Contains("unsupported dtype descr", e.Problem);
        if (!descr.StartsWith('[')) Assert.Contains(descr, e.Problem);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False}")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}")]
    [InlineData("{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2)}")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}")]
    [InlineData("{'descr': '<f8' 'fortran_order': False, 'shape': (2,)}")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,)} junk")]
    [InlineData("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}")]
    [InlineData("__import__('os')")]
    public void MalformedHeaderIsAnNpyError(string dict)
    {
        var e = ReadNpy(NpyRoundTripTests.Raw(dict).Concat(new byte[16]).ToArray());
        Assert.Equal(InputErrorKind.Npy, e.Kind);
    }

    [Fact]
    public void DataShorterOrLongerThanDeclaredIsAnNpyError()
    {
        var bytes = NpyWriter.ToBytes(Sample);
        var e = ReadNpy(bytes[..^8]);
        Assert.Contains("shorter than declared", e.Problem);
        e = ReadNpy(bytes.Concat(new byte[8]).ToArray());
        Assert.Contains("longer than declared", e.Problem);

        var fortran = NpyWriter.ToBytes(Sample, new NpyWriteOptions { FortranOrder = true });
        var s = Assert.Throws<TrackFormatException>(() => NpyReader.Read(new MemoryStream(fortran[..^8]), fortran.Length, "bad.npz", "r.npy"));
        Assert.Contains("shorter than declared", s.Problem);
    }

    [Fact]
    public void UnsupportedVersionAndTruncatedHeaderAreNpyErrors()
    {
        var bytes = NpyWriter.ToBytes(Sample);
        var v = (byte[])bytes.Clone();
        v[6] = 4;
        Assert.Contains("version", ReadNpy(v).Problem);
        Assert.Contains("truncated", ReadNpy(bytes[..40]).Problem);
        Assert.Equal(InputErrorKind.Npy, ReadNpy(bytes[..7]).Kind);
    }

    [Fact]
    public void MissingFileIsAnIoError()
    {
        var e = Assert.Throws<TrackFormatException>(() => NpzReader.ReadAll(Path.Combine("no-such-folder", "x.npz")));
        Assert.Equal(InputErrorKind.Io, e.Kind);
    }

    private static int FindCentralRecord(byte[] zip, string name)
    {
        var sig = new byte[] { 0x50, 0x4b, 0x01, 0x02 };
        var nameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        for (int i = 0; i + 46 < zip.Length; i++)
            if (zip.AsSpan(i, 4).SequenceEqual(sig) && zip.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
                return i;
        throw new InvalidOperationException("central record not found");
    }

    [Fact]
    public void An_archive_cut_short_says_truncated_not_only_the_zip_library_s_words()
    {
        // Mend 11: a .npz copied in part (its first 3000 bytes) said only "End of Central Directory record could not be found".
        var whole = Npz(compress: true);
        var cut = whole[..3000];
        var e = ReadNpz(cut);
        Assert.Equal(InputErrorKind.Zip, e.Kind);
        Assert.Contains("(it starts as a zip archive, 3,000 bytes: truncated file?)", e.Message);

        // The admission check reads the file by path: the same words.
        var file = Path.Combine(Path.GetTempPath(), $"tp-cut-{Guid.NewGuid():N}.npz");
        File.WriteAllBytes(file, cut);
        try
        {
            var d = Assert.Throws<TrackFormatException>(() => NpzReader.DeclaredBytes(file));
            Assert.Contains("truncated file?", d.Message);
        }
        finally { File.Delete(file); }

        // Not a zip at all (no zip header): no guess about truncation.
        Assert.DoesNotContain("truncated", ReadNpz([.. "{\"not\": \"a zip archive\", \"padding\": \"................\"}"u8]).Message);
    }
}
