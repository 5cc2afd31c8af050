using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>inspect FILE.npz</c>: one JSON object with the deposit figures (n_points, num_e_total, r_min, r_max, r_sum)
/// and the truth beside it (scalars as values, arrays as shape and sum).
/// </summary>
public static class InspectCommand
{
    public static Task<int> ExecuteAsync(string file, TextWriter output)
    {
        var path = Path.GetFullPath(file);
        try
        {
            var described = Describe(path);
            output.WriteLine(described.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            // A refused pickle is a rejected input, as in a run (exit 2 and an errors row); a missing one is not.
            if (described["truth_refused"]?.GetValue<bool>() != true) return Task.FromResult(ExitCodes.Success);
            Console.Error.WriteLine($"trackpipeline: {TerminalText.OneLine(described["truth_problem"]!.GetValue<string>())}");
            return Task.FromResult(ExitCodes.SomeInputsRejected);
        }
        catch (TrackFormatException e)
        {
            Console.Error.WriteLine($"trackpipeline: {TerminalText.OneLine(e.Message)}{NotATrackHint(path)}");
            return Task.FromResult(ExitCodes.SomeInputsRejected);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"trackpipeline: {TerminalText.OneLine(path)}: {TerminalText.OneLine(e.Message)}");
            return Task.FromResult(ExitCodes.Fatal);
        }
    }

    public static JsonObject Describe(string npzPath)
    {
        // A FIFO would block the first read for ever and a folder is not a track: refused from the file's type, never
        // opened, as the run does (known issue P7).
        InputFile.RequireRegular(npzPath);
        var arrays = NpzReader.ReadAll(npzPath);
        var deposits = TrackReader.ReadDeposits(arrays, npzPath);
        var (min, max) = deposits.Bounds;
        var result = new JsonObject
        {
            ["path"] = npzPath,
            ["n_points"] = deposits.Count,
            ["num_e_total"] = deposits.TotalElectrons(),
            // A track without points has no extent (its bounds are +-infinity, which JSON cannot hold).
            ["r_min"] = deposits.Count > 0 ? Xyz(min) : null,
            ["r_max"] = deposits.Count > 0 ? Xyz(max) : null,
            ["r_sum"] = new JsonArray(Sum(deposits.X), Sum(deposits.Y), Sum(deposits.Z)),
        };
        if (arrays.TryGetValue("bin_size", out var bin)) result["bin_size_m"] = bin.ToDoubleArray()[0];

        var picklePath = PicklePathFor(npzPath);
        if (File.Exists(picklePath))
        {
            // A refused pickle costs the truth, not the deposits: its reason in the words of the run's errors row.
            // One read: the parsed root, shown when its truth reads.
            var (root, problem) = TrackReader.TruthRootOf(picklePath, TrackLimits.None);
            if (problem is not null)
            {
                result["truth"] = null;
                result["truth_problem"] = problem.Message;
                result["truth_refused"] = true;
            }
            else result["truth"] = ToJson(((Dictionary<object, object?>)root!)["truth"]);
        }
        else
        {
            result["truth"] = null;
            result["truth_problem"] = $"no truth file {picklePath}";
        }
        return result;
    }

    /// <summary>
    /// What to inspect instead when the file is not a track's .npz: its truth pickle names the track beside it, any other
    /// file (the sample's manifest.json, say) gets what inspect reads.
    /// </summary>
    private static string NotATrackHint(string path)
    {
        if (path.EndsWith(".npz", StringComparison.Ordinal)) return "";
        var npz = Path.ChangeExtension(path, ".npz");
        return path.EndsWith(".pickle", StringComparison.Ordinal) && File.Exists(npz)
            ? $" (this is a track's truth pickle: inspect reads it with its track, trackpipeline inspect {npz})"
            : " (inspect reads a track's .npz, TrackE*.npz, and the .pickle beside it)";
    }

    private static string PicklePathFor(string npzPath)
    {
        var name = Path.GetFileName(npzPath);
        var stem = name.EndsWith(".c.npz", StringComparison.Ordinal) ? name[..^6]
            : name.EndsWith(".npz", StringComparison.Ordinal) ? name[..^4] : name;
        return Path.Combine(Path.GetDirectoryName(npzPath)!, stem + ".pickle");
    }

    private static JsonArray Xyz(Vec3 v) => new(v.X, v.Y, v.Z);

    private static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (var v in values) s += v;
        return s;
    }

    /// <summary>Scalars as values, arrays as {shape, sum}, containers recursively.</summary>
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        long l => l,
        int i => i,
        double d => double.IsFinite(d) ? d : d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        BigInteger big => big.ToString(System.Globalization.CultureInfo.InvariantCulture),
        byte[] bytes => new JsonObject { ["bytes"] = bytes.Length },
        NdArray a => new JsonObject { ["shape"] = new JsonArray(a.Shape.Select(d => (JsonNode?)d).ToArray()), ["sum"] = SumAll(a) },
        Dictionary<object, object?> d => new JsonObject(d.Select(kv => KeyValuePair.Create(Convert.ToString(kv.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "None", ToJson(kv.Value)))),
        System.Collections.IEnumerable e => new JsonArray(e.Cast<object?>().Select(ToJson).ToArray()),
        IConvertible c => c.ToDouble(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static double SumAll(NdArray a)
    {
        double s = 0;
        foreach (var v in a.ToDoubleArray()) s += v;
        return s;
    }
}
