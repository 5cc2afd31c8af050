using System.Numerics;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tracks;

/// <summary>Turns the data read from a truth pickle into a <see cref="TrackTruth"/>, checking every key it uses.</summary>
public static class TruthParser
{
    /// <param name="depositCount">The track's deposits in its .npz, which every per-deposit truth array must match; null
    /// when the pickle is read without its .npz (then only the pickle's own consistency is checked).</param>
    public static TrackTruth Parse(object? pickleRoot, string path, int? depositCount = null)
    {
        var root = AsDict(pickleRoot, path, "the pickle");
        var truth = AsDict(Get(root, "truth", path, "the pickle"), path, "truth");
        var meta = root.TryGetValue("meta", out var m) && m is Dictionary<object, object?> md ? StringKeyed(md) : new Dictionary<string, object?>();

        var pair = Interactions(truth, "pair", path);
        return new TrackTruth
        {
            NumElectrons = AsLong(Get(truth, "num_electrons", path, "truth"), path, "truth.num_electrons"),
            TrackEnergyKev = AsDouble(Get(truth, "track_energy", path, "truth"), path, "truth.track_energy"),
            Origin = AsVec3(Get(truth, "origin", path, "truth"), path, "truth.origin"),
            InitialDirection = AsVec3(Get(truth, "initial_direction", path, "truth"), path, "truth.initial_direction"),
            FirstInteraction = truth.TryGetValue("first_interaction", out var fi) && fi is string s ? s : "n/a",
            Brem = Interactions(truth, "brem", path),
            Compton = Interactions(truth, "compton", path),
            Photo = Interactions(truth, "photo", path),
            Pair = pair,
            PairLeptons = PairLeptons(truth, pair.Count, path),
            DepositPairLepton = DepositPairLepton(truth, path, depositCount),
            InitialParticle = meta.TryGetValue("initial_particle", out var ip) && ip is string particle ? particle : null,
            Meta = meta,
        };
    }

    private static InteractionPoints Interactions(Dictionary<object, object?> truth, string kind, string path)
    {
        var rKey = "r_" + kind;
        var eKey = "energy_" + kind;
        bool hasR = truth.TryGetValue(rKey, out var rObj) && rObj is not null;
        bool hasE = truth.TryGetValue(eKey, out var eObj) && eObj is not null;
        if (!hasR && !hasE) return InteractionPoints.None;
        if (rObj is not NdArray r || eObj is not NdArray e)
            throw Fail(path, $"truth.{rKey} and truth.{eKey} must both be arrays (got {Describe(rObj)} and {Describe(eObj)})");
        int k = e.Length;
        if (e.Rank != 1 || r.Rank != 2 || r.Shape[0] != 3 || r.Shape[1] != k)
            throw Fail(path, $"truth.{rKey} has shape ({string.Join(", ", r.Shape)}) and truth.{eKey} ({string.Join(", ", e.Shape)}); expected (3, k) and (k,)");
        var rv = r.ToDoubleArray();
        var positions = new Vec3[k];
        for (int i = 0; i < k; i++) positions[i] = new Vec3(rv[i], rv[k + i], rv[2 * k + i]);
        return new InteractionPoints(positions, (double[])e.ToDoubleArray().Clone());
    }

    /// <summary>
    /// The generator's pair leptons: <c>pair_e_minus_energy</c>/<c>pair_e_plus_energy</c> (k,) keV and
    /// <c>pair_e_minus_direction</c>/<c>pair_e_plus_direction</c> (3, k), k = number of pair creations. All four or none.
    /// </summary>
    private static PairLeptonTruth[] PairLeptons(Dictionary<object, object?> truth, int pairs, string path)
    {
        string[] keys = ["pair_e_minus_energy", "pair_e_plus_energy", "pair_e_minus_direction", "pair_e_plus_direction"];
        int present = 0;
        foreach (var key in keys) if (truth.TryGetValue(key, out var v) && v is not null) present++;
        if (present == 0) return [];
        if (present != keys.Length) throw Fail(path, $"truth has only {present} of the 4 pair lepton keys ({string.Join(", ", keys)})");
        var eMinus = Array(truth, keys[0], path, [pairs]);
        var ePlus = Array(truth, keys[1], path, [pairs]);
        var dMinus = Array(truth, keys[2], path, [3, pairs]);
        var dPlus = Array(truth, keys[3], path, [3, pairs]);
        var result = new PairLeptonTruth[pairs];
        for (int i = 0; i < pairs; i++)
            result[i] = new PairLeptonTruth(
                eMinus[i], new Vec3(dMinus[i], dMinus[pairs + i], dMinus[2 * pairs + i]),
                ePlus[i], new Vec3(dPlus[i], dPlus[pairs + i], dPlus[2 * pairs + i]));
        return result;
    }

    /// <summary>
    /// The generator's per-deposit lepton tag, <c>deposit_pair_lepton</c> (N,) uint8 with values 0-2, N the .npz's deposit
    /// count; empty when absent. int8 is refused by its dtype (its sbyte[] would pass <c>is byte[]</c>, see <see cref="NdArray"/>).
    /// </summary>
    private static byte[] DepositPairLepton(Dictionary<object, object?> truth, string path, int? depositCount)
    {
        const string key = "deposit_pair_lepton";
        if (!truth.TryGetValue(key, out var v) || v is null) return [];
        if (v is not NdArray { Rank: 1, ElementType: NdElementType.UInt8, Data: byte[] tags } || tags.GetType() != typeof(byte[]))
            throw Fail(path, $"truth.{key} is {Describe(v)}, expected a (N,) uint8 array");
        if (depositCount is int n && tags.Length != n)
            throw Fail(path, $"truth.{key} has {tags.Length} tags, expected one per deposit: {n} (the .npz's deposits)");
        foreach (var t in tags)
            if (t > 2) throw Fail(path, $"truth.{key} holds {t}; expected 0 (neither), 1 (the first pair's e-) or 2 (its e+)");
        return tags;
    }

    private static double[] Array(Dictionary<object, object?> truth, string key, string path, int[] shape)
    {
        if (truth[key] is not NdArray a) throw Fail(path, $"truth.{key} is {Describe(truth[key])}, expected an array");
        if (!a.Shape.SequenceEqual(shape))
            throw Fail(path, $"truth.{key} has shape ({string.Join(", ", a.Shape)}), expected ({string.Join(", ", shape)}) to match r_pair");
        return a.ToDoubleArray();
    }

    private static Dictionary<object, object?> AsDict(object? value, string path, string what) =>
        value as Dictionary<object, object?> ?? throw Fail(path, $"{what} is {Describe(value)}, expected a dict");

    private static object? Get(Dictionary<object, object?> dict, string key, string path, string what) =>
        dict.TryGetValue(key, out var v) ? v : throw Fail(path, $"{what} has no key '{key}'");

    private static long AsLong(object? v, string path, string what) => v switch
    {
        long l => l,
        int i => i,
        BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
        bool => throw Fail(path, $"{what} is a bool, expected an integer"),
        NdArray { Length: 1 } a => a.ToInt64Array()[0],
        _ when v is IConvertible c && v is not string and not double and not float => c.ToInt64(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Fail(path, $"{what} is {Describe(v)}, expected an integer"),
    };

    private static double AsDouble(object? v, string path, string what) => v switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        NdArray { Length: 1 } a => a.ToDoubleArray()[0],
        _ when v is IConvertible c && v is not string and not bool => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw Fail(path, $"{what} is {Describe(v)}, expected a number"),
    };

    private static Vec3 AsVec3(object? v, string path, string what)
    {
        double[] xyz = v switch
        {
            NdArray { Length: 3 } a => a.ToDoubleArray(),
            List<object?> { Count: 3 } l => [AsDouble(l[0], path, what), AsDouble(l[1], path, what), AsDouble(l[2], path, what)],
            _ => throw Fail(path, $"{what} is {Describe(v)}, expected 3 numbers"),
        };
        return new Vec3(xyz[0], xyz[1], xyz[2]);
    }

    private static Dictionary<string, object?> StringKeyed(Dictionary<object, object?> d)
    {
        var result = new Dictionary<string, object?>(d.Count, StringComparer.Ordinal);
        foreach (var (k, v) in d)
            result[k as string ?? Convert.ToString(k, System.Globalization.CultureInfo.InvariantCulture) ?? "None"] =
                v is Dictionary<object, object?> inner ? StringKeyed(inner) : v;
        return result;
    }

    private static string Describe(object? v) => v switch
    {
        null => "None",
        NdArray a => a.ToString(),
        _ => PyTypeName.Of(v),
    };

    private static TrackFormatException Fail(string path, string problem) =>
        new(InputErrorKind.Truth, path, null, null, problem);
}
