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

    /// <summary>The presets the settings read, relative name (<c>medium/LAr.json</c>) and full path.</summary>
    public static IEnumerable<(string Name, string Path)> FilesRead(IConfiguration configuration)
    {
        var detector = new DetectorOptions
        {
            Readout = configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.Readout)}"] ?? "",
            Medium = configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.Medium)}"] ?? "",
            ConfigDirectory = configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.ConfigDirectory)}"],
        };
        var folder = detector.ResolvedConfigDirectory;
        // Charge to energy needs the medium even without a readout (MeasurementChain).
        yield return ($"medium/{detector.Medium}.json", Path.Combine(folder, "medium", detector.Medium + ".json"));
        if (detector.Enabled) yield return ($"readouts/{detector.Readout}.json", Path.Combine(folder, "readouts", detector.Readout + ".json"));
    }

    /// <summary>
    /// The presets' values as run.json records them; a preset that cannot be read or parsed is left out (the detector
    /// check names its problem before a run starts). A few small files: well under a millisecond.
    /// </summary>
    public static JsonObject Of(IConfiguration configuration)
    {
        var presets = new JsonObject();
        foreach (var (name, path) in FilesRead(configuration))
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
