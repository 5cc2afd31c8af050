using System.Numerics;
using TrackPipeline.Formats;

namespace TrackPipeline.Tracks;

/// <summary>Turns the data read from a truth pickle into a <see cref="TrackTruth"/>, checking every key it uses.</summary>
public static class TruthParser
{
    public static TrackTruth Parse(object? pickleRoot, string path)
    {
        var root = AsDict(pickleRoot, path, "the pickle");
        var truth = AsDict(Get(root, "truth", path, "the pickle"), path, "truth");
        var meta = root.TryGetValue("meta", out var m) && m is Dictionary<object, object?> md ? StringKeyed(md) : new Dictionary<string, object?>();

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
            Pair = Interactions(truth, "pair", path),
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
        _ => v.GetType().Name,
    };

    private static TrackFormatException Fail(string path, string problem) =>
        new(InputErrorKind.Truth, path, null, null, problem);
}
