using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The physics numbers a run read from its detector presets (<c>medium/NAME.json</c>, and <c>readouts/NAME.json</c> with
/// a readout), by content: the presets say "change values here", and an edited preset at the same path changes every row
/// (breaker 17 F2: a resume after editing <c>transverse_diffusion</c> mixed two diffusions in one table). Recorded in
/// run.json and compared by <see cref="RowSettings"/> value by value, so a refusal names the file and the number that changed.
/// The documentation text of each entry (<c>about</c>, <c>source</c>, keys starting with <c>_</c>) changes no row and is left out.
/// </summary>
public static class DetectorPresetValues
{
    /// <summary>Key under which run.json records the presets' values, one object per file named relative to the preset folder.</summary>
    public const string ReportKey = "detector_presets";

    private static readonly string[] Documentation = ["about", "source"];

    /// <summary>
    /// Entries that bound what a user may type rather than describe the detector (<c>FOLDER/</c> of the preset, path of
    /// the entry): <c>drift.max_depth</c> refuses a <c>--depth</c> beyond it and changes no output of a track within it,
    /// so editing it is no other physics (breaker18). Recorded in run.json, but neither a resume nor the model's "fitted
    /// with" check compares them. A new bound is added here and said so in its preset's <c>source</c>.
    /// </summary>
    private static readonly (string Folder, string Entry)[] Bounds = [("medium/", "drift:max_depth")];

    /// <summary>Whether <paramref name="entry"/> (<c>drift:max_depth:value</c>, as flattened) of preset <paramref name="file"/> (<c>medium/LAr.json</c>) is a bound, not physics.</summary>
    public static bool IsBound(string file, string entry)
    {
        foreach (var (folder, bound) in Bounds)
            if (file.StartsWith(folder, StringComparison.Ordinal)
                && entry.StartsWith(bound, StringComparison.OrdinalIgnoreCase) && (entry.Length == bound.Length || entry[bound.Length] == ':'))
                return true;
        return false;
    }

    /// <summary>The presets the detector settings read, relative name (<c>medium/LAr.json</c>) and full path.</summary>
    public static IEnumerable<(string Name, string Path)> FilesRead(DetectorOptions detector)
    {
        var folder = detector.ResolvedConfigDirectory;
        // Charge to energy needs the medium even without a readout (MeasurementChain).
        yield return ($"medium/{detector.Medium}.json", Path.Combine(folder, "medium", detector.Medium + ".json"));
        if (detector.Enabled) yield return ($"readouts/{detector.Readout}.json", Path.Combine(folder, "readouts", detector.Readout + ".json"));
    }

    /// <summary>
    /// The presets' values as run.json records them, for the detector settings as the run binds them; empty when those do
    /// not bind (the settings check names the problem before a run starts).
    /// </summary>
    public static JsonObject Of(IConfiguration configuration)
    {
        DetectorOptions detector;
        try { detector = (DetectorOptions)SettingsCatalog.Bind(configuration, SettingsCatalog.Sections.Single(s => s.Name == DetectorOptions.Section)); }
        catch (InvalidOperationException) { return []; }
        return Of(detector);
    }

    /// <summary>
    /// The presets' values as run.json and the model's provenance record them; a preset that cannot be read or parsed is
    /// left out (the detector check names its problem before a run starts). A few small files: well under a millisecond.
    /// </summary>
    public static JsonObject Of(DetectorOptions detector)
    {
        var presets = new JsonObject();
        foreach (var (name, path) in FilesRead(detector))
        {
            try
            {
                if (JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is { } tree)
                    presets[name] = WithoutDocumentation(tree);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException) { }
        }
        return presets;
    }

    private static JsonNode? WithoutDocumentation(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var kept = new JsonObject();
                foreach (var (k, v) in o)
                    if (!k.StartsWith('_') && !Documentation.Contains(k, StringComparer.OrdinalIgnoreCase)) kept[k] = WithoutDocumentation(v);
                return kept;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var v in a) items.Add(WithoutDocumentation(v));
                return items;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var number):
                return JsonValue.Create(number);   // 12e-4 and 0.0012 read alike, and the refusal prints one spelling
            default:
                return node?.DeepClone();
        }
    }
}
