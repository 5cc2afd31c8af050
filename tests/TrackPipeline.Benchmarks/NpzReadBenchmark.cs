using System.Diagnostics;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Reads every sample .npz (../shared/data/Tracks). Compares the shipped reader (SharpZipLib over a pooled
/// whole-file buffer), SharpZipLib over a FileStream, and System.IO.Compression.ZipArchive feeding the same
/// streaming .npy reader. Throughput (MB/s of .npz on disk, points/s) comes from <see cref="Throughput"/>.
/// </summary>
[MemoryDiagnoser]
public class NpzReadBenchmark
{
    private string[] _files = [];

    [GlobalSetup]
    public void Setup() => _files = SampleFiles.All();

    [Benchmark(Baseline = true)]
    public long SharpZipLib_PooledBuffer()
    {
        long points = 0;
        foreach (var f in _files) points += NpzReader.ReadAll(f)["num_e"].Length;
        return points;
    }

    [Benchmark]
    public long SharpZipLib_FileStream()
    {
        long points = 0;
        foreach (var f in _files)
        {
            using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            points += NpzReader.ReadAll(fs, f)["num_e"].Length;
        }
        return points;
    }

    [Benchmark]
    public long ZipArchive_FileStream()
    {
        long points = 0;
        foreach (var f in _files) points += ReadWithZipArchive(f)["num_e"].Length;
        return points;
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
            ("SharpZipLib, pooled whole-file buffer (shipped)", NpzReader.ReadAll),
            ("SharpZipLib, FileStream 64 KiB", f => { using var fs = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); return NpzReader.ReadAll(fs, f); }),
            ("System.IO.Compression.ZipArchive, FileStream 64 KiB", f => ReadWithZipArchive(f)),
            ("System.IO.Compression.ZipArchive + own CRC-32 check", f => ReadWithZipArchive(f, null, checkCrc: true)),
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
        output.WriteLine($"bad CRC, NpzReader (SharpZipLib + own CRC-32): {Detects(() => NpzReader.ReadAll(new MemoryStream(bad), "bad.npz"))}");
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
    public static string[] All()
    {
        var root = Environment.GetEnvironmentVariable("TRACKPIPELINE_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln")))
                root = Path.Combine(dir.FullName, "..", "shared", "data");
        if (root is null || !Directory.Exists(Path.Combine(root, "Tracks")))
            throw new DirectoryNotFoundException("sample data not found: set TRACKPIPELINE_DATA or keep ../shared/data beside the repository");
        return Directory.GetFiles(Path.Combine(root, "Tracks"), "*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
    }
}
