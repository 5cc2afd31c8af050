using System.IO.Compression;
using System.Text;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Tests.Cluster;

/// <summary>
/// Inputs that test a run's memory bounds, written by streaming (never held in memory): tracks of many points tiled
/// from a real sample track, and a deflate bomb (a few MB that declare GBs of zeros). Shared with the benchmarks.
/// </summary>
public static class LargeInputs
{
    /// <summary>
    /// A track of <paramref name="points"/> deposits: the sample track at <paramref name="sourceNpz"/> repeated, each copy
    /// shifted by 1 mm in x, with the source's truth pickle. Returns the new .npz path.
    /// </summary>
    public static string WriteTiledTrack(string sourceNpz, string folder, string name, long points)
    {
        var arrays = NpzReader.ReadAll(sourceNpz);
        var r = arrays["r"].ToDoubleArray();
        var numE = arrays["num_e"].ToInt64Array();
        int n = numE.Length;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".npz");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            using (var s = zip.CreateEntry("r.npy", CompressionLevel.Fastest).Open())
            {
                WriteHeader(s, "<f8", $"(3, {points})");
                var chunk = new byte[8 * n];
                for (int axis = 0; axis < 3; axis++)
                    for (long done = 0, copy = 0; done < points; copy++)
                    {
                        int take = (int)Math.Min(n, points - done);
                        for (int i = 0; i < take; i++)
                            BitConverter.TryWriteBytes(chunk.AsSpan(8 * i), r[axis * n + i] + (axis == 0 ? copy * 1e-3 : 0));
                        s.Write(chunk, 0, 8 * take);
                        done += take;
                    }
            }
            using (var s = zip.CreateEntry("num_e.npy", CompressionLevel.Fastest).Open())
            {
                WriteHeader(s, "<i8", $"({points},)");
                var chunk = new byte[8 * n];
                for (int i = 0; i < n; i++) BitConverter.TryWriteBytes(chunk.AsSpan(8 * i), numE[i]);
                for (long done = 0; done < points;)
                {
                    int take = (int)Math.Min(n, points - done);
                    s.Write(chunk, 0, 8 * take);
                    done += take;
                }
            }
        }
        File.Copy(Path.ChangeExtension(sourceNpz, ".pickle"), Path.Combine(folder, name + ".pickle"), overwrite: true);
        return path;
    }

    /// <summary>
    /// The deflate bomb of issue 12: r (3, <paramref name="points"/>) float64 zeros and num_e (<paramref name="points"/>,)
    /// int64 zeros, deflated at the highest ratio (80M points: 2.56 GB declared in about 2.5 MB), plus a copy of a real pickle.
    /// </summary>
    public static string WriteDeflateBomb(string folder, string name, string pickleToCopy, long points = 80_000_000)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".npz");
        var zeros = new byte[1 << 20];
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
        {
            foreach (var (entry, descr, shape, bytes) in new[] { ("r.npy", "<f8", $"(3, {points})", 24 * points), ("num_e.npy", "<i8", $"({points},)", 8 * points) })
            {
                using var s = zip.CreateEntry(entry, CompressionLevel.SmallestSize).Open();
                WriteHeader(s, descr, shape);
                for (long left = bytes; left > 0; left -= zeros.Length) s.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
            }
        }
        File.Copy(pickleToCopy, Path.Combine(folder, name + ".pickle"), overwrite: true);
        return path;
    }

    /// <summary>A .npy version 1.0 header, padded so the data start on a 64-byte boundary as NumPy writes it.</summary>
    private static void WriteHeader(Stream s, string descr, string shape)
    {
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        int total = 10 + dict.Length + 1;
        int pad = (64 - total % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        s.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        s.Write(BitConverter.GetBytes((ushort)header.Length));
        s.Write(Encoding.ASCII.GetBytes(header));
    }
}
