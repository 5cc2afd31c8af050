using System.Diagnostics;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Reads every sample .npz (../shared/data/Tracks). Compares the shipped reader (ZipArchive + our CRC-32 check,
/// over a pooled whole-file buffer or a FileStream), ZipArchive without any CRC check (the ceiling), and the
/// former SharpZipLib reader (same CRC check, same streaming .npy reader). Throughput (MB/s of .npz on disk,
/// points/s) comes from <see cref="Throughput"/>.
/// </summary>
[MemoryDiagnoser]
public class NpzReadBenchmark
{
    private string[] _files = [];

    [GlobalSetup]
    public void Setup() => _files = SampleFiles.All();

    [Benchmark(Baseline = true)]
    public long ZipArchive_PooledBuffer()
    {
        long points = 0;
        foreach (var f in _files) points += NpzReader.ReadAll(f)["num_e"].Length;
        return points;
    }

    [Benchmark]
    public long ZipArchive_FileStream()
    {
        long points = 0;
        foreach (var f in _files) points += ReadViaFileStream(f)["num_e"].Length;
        return points;
    }

    [Benchmark]
    public long SharpZipLib_PooledBuffer()
    {
        long points = 0;
        foreach (var f in _files) points += ReadWithSharpZipLib(f)["num_e"].Length;
        return points;
    }

    public static Dictionary<string, NdArray> ReadViaFileStream(string f)
    {
        using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return NpzReader.ReadAll(fs, f);
    }

    /// <summary>The former reader (SharpZipLib ZipFile over the whole file, our CRC-32): measurement only.</summary>
    public static Dictionary<string, NdArray> ReadWithSharpZipLib(string path)
    {
        using var zip = new ICSharpCode.SharpZipLib.Zip.ZipFile(new MemoryStream(File.ReadAllBytes(path)));
        var result = new Dictionary<string, NdArray>(4);
        foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry e in zip)
        {
            using var s = zip.GetInputStream(e);
            var crc = new Crc32ReadStream(s, path, e.Name);
            result[e.Name[..^4]] = NpyReader.Read(crc, e.Size, path, e.Name);
            if (crc.Crc != (uint)e.Crc) throw new TrackFormatException(InputErrorKind.Zip, path, e.Name, null, "CRC-32 mismatch");
        }
        return result;
    }

    /// <summary>The System.IO.Compression alternative (no duplicate/.npy checks: measurement only).</summary>
    public static Dictionary<string, NdArray> ReadWithZipArchive(string path, Stream? source = null, bool checkCrc = false)
    {
        using var fs = source ?? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: source is not null);
        var result = new Dictionary<string, NdArray>(4);
        foreach (var e in zip.Entries)
        {
            using var s = e.Open();
            if (!checkCrc)
            {
                result[e.Name[..^4]] = NpyReader.Read(s, e.Length, path, e.FullName);
                continue;
            }
            var crc = new Crc32ReadStream(s, path, e.FullName);
            result[e.Name[..^4]] = NpyReader.Read(crc, e.Length, path, e.FullName);
            if (crc.Crc != e.Crc32) throw new TrackFormatException(InputErrorKind.Zip, path, e.FullName, null, "CRC-32 mismatch");
        }
        return result;
    }

    public static void Throughput(TextWriter output)
    {
        var files = SampleFiles.All();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        var variants = new (string Name, Func<string, Dictionary<string, NdArray>> Read)[]
        {
            ("NpzReader: ZipArchive + CRC-32, pooled whole-file buffer (shipped)", NpzReader.ReadAll),
            ("NpzReader: ZipArchive + CRC-32, FileStream 64 KiB", ReadViaFileStream),
            ("ZipArchive alone, no CRC check, FileStream 64 KiB (ceiling)", f => ReadWithZipArchive(f)),
            ("former reader: SharpZipLib ZipFile + CRC-32, whole file in memory", ReadWithSharpZipLib),
        };
        output.WriteLine($"{files.Length} files, {bytes / 1e6:F1} MB on disk");
        foreach (var (name, read) in variants)
        {
            long points = 0;
            foreach (var f in files) points += read(f)["num_e"].Length; // warm-up
            var best = double.MaxValue;
            for (int rep = 0; rep < 5; rep++)
            {
                var sw = Stopwatch.StartNew();
                points = 0;
                foreach (var f in files) points += read(f)["num_e"].Length;
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            output.WriteLine($"{name}: best of 5 {best * 1e3:F0} ms, {bytes / 1e6 / best:F0} MB/s, {points / best / 1e6:F1} M points/s, {files.Length / best:F0} files/s ({points} points)");
        }

        // Does each library notice a flipped byte in a stored payload (the CRC is the only line of defence)?
        var arrays = NpzReader.ReadAll(files[0]);
        using var ms = new MemoryStream();
        NpzWriter.Write(ms, arrays, new NpzWriteOptions { Compress = false });
        var bad = ms.ToArray();
        bad[30 + "r.npy".Length + 128 + 1000] ^= 0x01;
        output.WriteLine($"bad CRC, SharpZipLib ZipFile alone (no TestArchive): {Detects(() => { using var z = new ICSharpCode.SharpZipLib.Zip.ZipFile(new MemoryStream(bad)); foreach (ICSharpCode.SharpZipLib.Zip.ZipEntry e in z) { using var s = z.GetInputStream(e); s.CopyTo(Stream.Null); } })}");
        output.WriteLine($"bad CRC, NpzReader (ZipArchive + own CRC-32): {Detects(() => NpzReader.ReadAll(new MemoryStream(bad), "bad.npz"))}");
        output.WriteLine($"bad CRC (stored entry), ZipArchive: {Detects(() => ReadWithZipArchive("bad.npz", new MemoryStream(bad)))}");
        using var ms2 = new MemoryStream();
        NpzWriter.Write(ms2, arrays, new NpzWriteOptions { Compress = true });
        var bad2 = ms2.ToArray();
        // Patch the stored CRC of the first entry in its local header (offset 14) and central record: data intact.
        bad2[14] ^= 0xFF;
        int cd = bad2.AsSpan().LastIndexOf(new byte[] { 0x50, 0x4b, 0x01, 0x02 });
        for (int i = bad2.AsSpan().IndexOf(new byte[] { 0x50, 0x4b, 0x01, 0x02 }); i >= 0 && i <= cd; ) { bad2[i + 16] ^= 0xFF; break; }
        output.WriteLine($"bad CRC (deflated entry), ZipArchive: {Detects(() => ReadWithZipArchive("bad.npz", new MemoryStream(bad2)))}");
        output.WriteLine($"bad CRC (deflated entry), NpzReader: {Detects(() => NpzReader.ReadAll(new MemoryStream(bad2), "bad.npz"))}");
    }

    private static string Detects(Action a)
    {
        try { a(); return "NOT detected"; }
        catch (Exception ex) { return $"detected ({ex.GetType().Name}: {ex.Message})"; }
    }
}

internal static class SampleFiles
{
    public static string[] All() =>
        Directory.GetFiles(TracksRoot(), "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    public static string TracksRoot()
    {
        var root = Environment.GetEnvironmentVariable("TRACKPIPELINE_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln")))
                root = Path.Combine(dir.FullName, "..", "shared", "data");
        if (root is null || !Directory.Exists(Path.Combine(root, "Tracks")))
            throw new DirectoryNotFoundException("sample data not found: set TRACKPIPELINE_DATA or keep ../shared/data beside the repository");
        return Path.Combine(root, "Tracks");
    }
}
