using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.RegularExpressions;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// The sample tracks (r, num_e) read with a minimal .npz loader: a stand-in until the real NpzReader lands on main
/// (feat/npy). Handles only what the sample files hold: little-endian f8 / i8, C or Fortran order.
/// </summary>
internal static partial class SampleTracks
{
    public sealed record Sample(string Name, string Particle, int EnergyKev, Deposits Deposits);

    public static List<Sample> Load(string root)
    {
        var list = new List<Sample>();
        foreach (var file in Directory.EnumerateFiles(root, "TrackE*.npz", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var energyDir = Path.GetDirectoryName(file)!;
            var particle = Path.GetFileName(Path.GetDirectoryName(energyDir)!);
            int energy = int.Parse(Path.GetFileName(energyDir).AsSpan(1));
            using var zip = ZipFile.OpenRead(file);
            var (rShape, r) = ReadArray(zip, "r.npy");
            var (_, n) = ReadArray(zip, "num_e.npy");
            var electrons = n.Select(v => checked((int)v)).ToArray();
            list.Add(new Sample(Path.GetFileNameWithoutExtension(file), particle, energy, new Deposits(r, electrons)));
            if (rShape[0] != 3) throw new InvalidDataException($"{file}: r has shape ({string.Join(",", rShape)})");
        }
        return list;
    }

    [GeneratedRegex(@"'descr':\s*'(?<d>[^']+)'.*'fortran_order':\s*(?<f>True|False).*'shape':\s*\((?<s>[^)]*)\)")]
    private static partial Regex Header();

    /// <summary>Returns the shape and the values as doubles in C order.</summary>
    private static (int[] Shape, double[] Values) ReadArray(ZipArchive zip, string entry)
    {
        using var s = zip.GetEntry(entry)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        var bytes = ms.ToArray();
        int headerLen = bytes[6] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int start = bytes[6] == 1 ? 10 : 12;
        var header = System.Text.Encoding.ASCII.GetString(bytes, start, headerLen);
        var m = Header().Match(header);
        var shape = m.Groups["s"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        bool fortran = m.Groups["f"].Value == "True";
        var data = bytes.AsSpan(start + headerLen);
        int count = shape.Aggregate(1, (a, b) => a * b);
        var raw = new double[count];
        switch (m.Groups["d"].Value)
        {
            case "<f8": for (int i = 0; i < count; i++) raw[i] = BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]); break;
            case "<i8": for (int i = 0; i < count; i++) raw[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(8 * i)..]); break;
            default: throw new InvalidDataException($"{entry}: dtype {m.Groups["d"].Value}");
        }
        if (!fortran || shape.Length < 2) return (shape, raw);
        // (3, N) Fortran order holds x0 y0 z0 x1 ...: transpose to C order.
        int rows = shape[0], cols = shape[1];
        var c = new double[count];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) c[i * cols + j] = raw[j * rows + i];
        return (shape, c);
    }
}
