using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrackPipeline.Classification;

/// <summary>
/// The provenance <c>train</c> writes beside a model (<c>classifier.json</c> beside <c>classifier.onnx</c>): how and from
/// what it was fitted, and the SHA-256 of the graph it belongs to. <c>train</c> writes the graph first and this file last
/// (each atomically), so a train stopped between the two leaves a new graph beside the old provenance; the graph's
/// recorded digest tells them apart (breaker17 F3).
/// </summary>
public static class ModelProvenance
{
    /// <summary>The provenance file of the model at <paramref name="modelPath"/>.</summary>
    /// A model given as a symbolic link has the provenance beside the file it links to (breaker18: a link named
    /// <c>slink.onnx</c> was checked against a <c>slink.json</c> that does not exist, so not at all).
    public static string FileOf(string modelPath) =>
        Path.ChangeExtension(ResolvedLink(modelPath), ".json");

    private static string ResolvedLink(string path)
    {
        try { return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path; }
        catch (IOException) { return path; }   // a link loop or a dangling link: the model's own read names it
    }

    /// <summary>
    /// Why <paramref name="graph"/>, read from <paramref name="modelPath"/>, is not the graph its provenance records (one line
    /// naming both files); null when they agree, or when there is no provenance to check against (a model given alone, or
    /// a provenance that does not record the graph's digest: an older train's, or not one of train's files).
    /// </summary>
    /// <param name="sha256">The digest of the graph read (<see cref="ClassifierModel.DigestOf"/>).</param>
    public static string? GraphMismatch(string modelPath, string sha256)
    {
        var (provenance, problem) = ReadOrProblem(modelPath);
        if (problem is not null) return problem;
        if (provenance is null) return null;
        if (provenance["onnx"]?["sha256"] is not JsonValue recorded || recorded.GetValueKind() != JsonValueKind.String) return null;
        var expected = recorded.GetValue<string>();
        return string.Equals(sha256, expected, StringComparison.OrdinalIgnoreCase) ? null
            : $"{modelPath} (sha256 {sha256}) is not the model its provenance {FileOf(modelPath)} describes (sha256 {expected}): " +
              "the two files come from different trainings (a train stopped between writing them?)";
    }

    /// <summary>
    /// Why the provenance beside <paramref name="modelPath"/> exists but cannot be used (not JSON, not an object, a
    /// folder): one line naming it; null when it reads, or when there is none. A provenance that cannot be read would
    /// otherwise switch every check against it off without a word (breaker18 item 1).
    /// </summary>
    public static string? Unreadable(string modelPath) => ReadOrProblem(modelPath).Problem;

    /// <summary>The provenance beside <paramref name="modelPath"/>, or null when there is none or it cannot be read as JSON (<see cref="Unreadable"/> says why).</summary>
    public static JsonObject? Read(string modelPath) => ReadOrProblem(modelPath).Provenance;

    /// <summary>The provenance, parsed once, or why it exists but cannot be used; both null when there is none.</summary>
    private static (JsonObject? Provenance, string? Problem) ReadOrProblem(string modelPath)
    {
        var file = FileOf(modelPath);
        if (Directory.Exists(file)) return (null, $"{file}: the model's provenance is a folder, not train's JSON file");
        if (!File.Exists(file)) return (null, null);
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) is JsonObject provenance ? (provenance, null)
                : (null, $"{file}: the model's provenance is not a JSON object (train writes one); restore it or remove it to use the model alone");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"{file}: the model's provenance cannot be read ({e.Message}); restore it or remove it to use the model alone");
        }
    }
}
