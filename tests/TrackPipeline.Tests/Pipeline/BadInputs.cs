using System.Text;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// The malformed inputs a real dataset holds, built from a good track: each written beside the good ones under
/// its own name, with the error kind the errors table must give it.
/// </summary>
public static class BadInputs
{
    /// <summary>
    /// Writes every bad input into <paramref name="folder"/>; returns track name -> expected error_kind. A track
    /// without its pickle is not bad (real data has none): see <see cref="NoPickleName"/>.
    /// </summary>
    public static Dictionary<string, string> WriteAll(string folder, string goodNpz)
    {
        var goodPickle = Path.ChangeExtension(goodNpz, ".pickle");
        var npzBytes = File.ReadAllBytes(goodNpz);
        var arrays = NpzReader.ReadAll(goodNpz);
        var r = arrays["r"];
        var numE = arrays["num_e"];
        int n = numE.Length;
        var expected = new Dictionary<string, string>();

        void Track(string name, string kind, Action<string> writeNpz, Action<string>? writePickle)
        {
            var stem = Path.Combine(folder, "TrackE0001000_bad_" + name);
            writeNpz(stem + ".npz");
            writePickle?.Invoke(stem + ".pickle");
            expected["TrackE0001000_bad_" + name] = kind;
        }
        void GoodPickle(string path) => File.Copy(goodPickle, path);
        void GoodNpz(string path) => File.WriteAllBytes(path, npzBytes);
        void Npz(string path, NdArray rArray, NdArray numEArray) =>
            TrackPipeline.Output.AtomicFile.Write(path, s => NpzWriter.Write(s, [new("r", rArray), new("num_e", numEArray)]));

        Track("truncated_zip", "zip", p => File.WriteAllBytes(p, npzBytes[..(npzBytes.Length / 2)]), GoodPickle);
        Track("bad_crc", "zip", p =>
        {
            var corrupt = (byte[])npzBytes.Clone();
            corrupt[corrupt.Length / 3] ^= 0x5A;
            File.WriteAllBytes(p, corrupt);
        }, GoodPickle);
        Track("wrong_shape", "shape", p =>
            Npz(p, new NdArray(NdElementType.Float64, [2, n], r.ToDoubleArray()[..(2 * n)]), numE), GoodPickle);
        Track("nan_position", "value", p =>
        {
            var positions = (double[])r.ToDoubleArray().Clone();
            positions[n + n / 2] = double.NaN;
            Npz(p, new NdArray(NdElementType.Float64, [3, n], positions), numE);
        }, GoodPickle);
        Track("negative_count", "value", p =>
        {
            var counts = (long[])numE.ToInt64Array().Clone();
            counts[n / 2] = -3;
            Npz(p, r, new NdArray(NdElementType.Int64, [n], counts));
        }, GoodPickle);
        // Known issue Q8: a whole track moved to +-1e6 m (a unit mistake) was an internal_error in the topology's voxel grid.
        foreach (var (name, axis, shift) in new[] { ("far_position", 0, 1e6), ("far_negative", 2, -1e6) })
            Track(name, "value", p =>
            {
                var positions = (double[])r.ToDoubleArray().Clone();
                for (int i = axis * n; i < (axis + 1) * n; i++) positions[i] += shift;
                Npz(p, new NdArray(NdElementType.Float64, [3, n], positions), numE);
            }, GoodPickle);
        // A good .npz with a refused truth pickle: the track is written without truth, the pickle is an error row.
        Track("pickle_os_system", "unsafe_pickle", GoodNpz, p => File.WriteAllBytes(p, OsSystemPickle));
        Track("deep_pickle", "pickle", GoodNpz, p => File.WriteAllBytes(p, [0x80, 0x04, .. Enumerable.Repeat((byte)'(', 100_000), (byte)'.']));
        // BINUNICODE8 declaring 2^62 bytes: must be refused before anything is allocated.
        Track("huge_length_pickle", "pickle", GoodNpz, p => File.WriteAllBytes(p, [0x80, 0x04, 0x8d, .. BitConverter.GetBytes(1L << 62), (byte)'a', (byte)'.']));
        // Breaker14 F1: a 430-byte key of 2^61 items written out (memo-shared tuples) hung the run; refused as too large a key.
        Track("shared_key_pickle", "pickle", GoodNpz, p => File.WriteAllBytes(p, Formats.Pickle.PickleBytes.SharedTupleKey(60)));
        var pickleBytes = File.ReadAllBytes(goodPickle);
        Track("truncated_pickle", "pickle", GoodNpz, p => File.WriteAllBytes(p, pickleBytes[..(pickleBytes.Length / 2)]));
        Track("not_a_pickle", "pickle", GoodNpz, p => File.WriteAllText(p, "r,num_e\n0.1,42\n"));
        return expected;
    }

    /// <summary>The inputs of <see cref="WriteAll"/> whose .npz is good and whose truth pickle is refused: their tracks are written (truth null) and their error row names the .pickle.</summary>
    public static readonly IReadOnlySet<string> TruthOnly = new HashSet<string>(
        ["pickle_os_system", "deep_pickle", "huge_length_pickle", "truncated_pickle", "not_a_pickle", "shared_key_pickle"], StringComparer.Ordinal)
        .Select(n => "TrackE0001000_bad_" + n).ToHashSet(StringComparer.Ordinal);

    /// <summary>A good track written without a pickle by <see cref="WriteNoPickle"/>: processed, with null truth columns.</summary>
    public const string NoPickleName = "TrackE0001000_bad_no_pickle";

    public static void WriteNoPickle(string folder, string goodNpz) =>
        File.Copy(goodNpz, Path.Combine(folder, NoPickleName + ".npz"));

    /// <summary><c>os.system('touch pwned')</c> as protocol 2: GLOBAL, BINUNICODE, TUPLE1, REDUCE.</summary>
    public static readonly byte[] OsSystemPickle =
        [0x80, 0x02, (byte)'c', .. Encoding.ASCII.GetBytes("os\nsystem\n"), (byte)'X', .. BitConverter.GetBytes(11), .. Encoding.ASCII.GetBytes("touch pwned"), 0x85, (byte)'R', (byte)'.'];
}
