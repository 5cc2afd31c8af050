using System.Text.Json;
using System.Text.Json.Nodes;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The reports of every invocation into one output (<c>run.json</c>, <c>run-K of N.json</c>, <c>runs/*.json</c>), each
/// parsed once per process: start-up reads them for the early settings check, again under the settings lock, and the
/// post-run passes once more; a report is parsed again only when its size or write time changed (a run that ended or
/// started in between). An output of a long job array holds thousands of them.
/// </summary>
public sealed class RunReports(string outputRoot)
{
    private readonly Dictionary<string, (long Length, DateTime Written, JsonObject? Root)> _parsed = new(StringComparer.Ordinal);

    public string OutputRoot => outputRoot;

    /// <summary>How many files were parsed so far (a test counts them).</summary>
    public int Parses { get; private set; }

    /// <summary>Every readable report as it is on disk now, parsed objects shared with later calls (a report being replaced, or not JSON, is left out).</summary>
    public IReadOnlyList<(string Path, JsonObject Root)> Current()
    {
        var reports = new List<(string, JsonObject)>();
        foreach (var file in Files())
        {
            long length;
            DateTime written;
            try
            {
                var info = new FileInfo(file);
                length = info.Length;
                written = info.LastWriteTimeUtc;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            if (!_parsed.TryGetValue(file, out var known) || known.Length != length || known.Written != written)
            {
                JsonObject? root = null;
                try
                {
                    Parses++;
                    root = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
                }
                catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { }   // being replaced, or not ours
                _parsed[file] = known = (length, written, root);
            }
            if (known.Root is not null) reports.Add((file, known.Root));
        }
        return reports;
    }

    /// <summary>Writes <paramref name="root"/> (a changed report of <see cref="Current"/>) back atomically, and keeps it as parsed.</summary>
    public void Replace(string path, JsonObject root)
    {
        AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(Indented))));
        var info = new FileInfo(path);
        _parsed[path] = (info.Length, info.LastWriteTimeUtc, root);
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private IEnumerable<string> Files()
    {
        if (!Directory.Exists(outputRoot)) yield break;
        foreach (var f in Directory.EnumerateFiles(outputRoot, "run*.json")) yield return f;
        var history = Path.Combine(outputRoot, OutputLayout.Runs);
        if (Directory.Exists(history))
            foreach (var f in Directory.EnumerateFiles(history, "*.json")) yield return f;
    }
}
