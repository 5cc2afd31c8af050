using System.Text.Json.Nodes;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Known issue Q2: in <c>--images quest</c> every shard keeps the track pictures (and event pages) of its own top N per
/// category, so a job array leaves up to shards x N of them for N candidates. The merge pass (an unsharded run, which
/// holds every shard's lock, so no shard is drawing) deletes those of tracks that are no longer among the output's
/// ranked candidates; an event page also stays when index.html shows its track (a track with a picture). Nothing is pruned in an output where
/// any run drew with <c>--images all</c> (every track's picture is then wanted).
/// </summary>
public static class QuestPicturePruning
{
    /// <summary>What was deleted, or why nothing was.</summary>
    public sealed record Outcome(int Pictures, int EventPages, string? NotPrunedBecause);

    public static async Task<Outcome> PruneAsync(string root, RenderOptions options, IReadOnlyList<QuestCandidate> quest, RunReports reports,
        CancellationToken cancellationToken)
    {
        foreach (var (path, report) in reports.Current())
            if (DrewAll(report))
                return new Outcome(0, 0, $"a run drew every picture (--images all, {Path.GetFileName(path)})");

        static string Key(string particle, int energy, string picture) => $"{particle}/{ImagePaths.EnergyFolder(energy)}/{picture}";
        static string KeyOf(IReadOnlyDictionary<string, object?> row) =>
            Key((string)row[TrackColumns.Particle]!, Convert.ToInt32(row[TrackColumns.EnergyKev], System.Globalization.CultureInfo.InvariantCulture), PictureName.Of(row));
        var candidates = quest.Select(c => KeyOf(c.Track)).ToHashSet(StringComparer.Ordinal);

        int pictures = 0;
        foreach (var (key, file) in Files(Path.Combine(root, ImagePaths.ImagesFolder), ".png"))
            if (!candidates.Contains(key) && !Path.GetFileName(file).StartsWith("contact_sheet", StringComparison.Ordinal) && Delete(file)) pictures++;

        int pages = 0;
        var events = Path.Combine(root, OutputLayout.Events);
        if (Directory.Exists(events))
        {
            // The tracks index.html shows (the gallery's order: first IndexTracksPerFolder by id, then picture name) keep their pages.
            var shown = new HashSet<string>(candidates, StringComparer.Ordinal);
            var tracks = Path.Combine(root, DatasetLayout.TracksFolder);
            foreach (var partition in Directory.Exists(tracks) ? Directory.GetDirectories(tracks).SelectMany(Directory.GetDirectories) : [])
            {
                var rows = (await ParquetDataset.ReadAsync(partition, [TrackColumns.TrackId, TrackColumns.SourcePath, .. TrackColumns.PartitionKeys], tracks)).Rows;
                foreach (var row in rows.OrderBy(r => (string)r[TrackColumns.TrackId]!, StringComparer.Ordinal).ThenBy(PictureName.Of, StringComparer.Ordinal)
                             .Take(options.IndexTracksPerFolder))
                    shown.Add(KeyOf(row));
                cancellationToken.ThrowIfCancellationRequested();
            }
            // index.html shows only tracks with a picture: a page of a shown track whose picture is gone is linked from nowhere (breaker18).
            foreach (var (key, file) in Files(events, ".html"))
                if (!candidates.Contains(key) && !(shown.Contains(key) && File.Exists(Path.Combine(root, ImagePaths.ImagesFolder, key + ".png"))) && Delete(file)) pages++;
                // A page kept for index.html whose picture was pruned here (or never drawn) links none.
                else if (!File.Exists(Path.Combine(root, ImagePaths.ImagesFolder, key + ".png"))) EventDisplay.UnlinkPicture(file);
        }
        return new Outcome(pictures, pages, null);
    }

    private static bool DrewAll(JsonObject report) =>
        report["configuration"]?["Images"]?["Mode"] is JsonValue mode && string.Equals(mode.ToString(), nameof(ImageMode.All), StringComparison.OrdinalIgnoreCase);

    /// <summary>The files <c>&lt;particle&gt;/E&lt;energy&gt;/&lt;picture&gt;&lt;extension&gt;</c> below <paramref name="folder"/> (not the thumbnails, not temporary files).</summary>
    private static IEnumerable<(string Key, string File)> Files(string folder, string extension)
    {
        if (!Directory.Exists(folder)) yield break;
        foreach (var particle in Directory.GetDirectories(folder))
            foreach (var energy in Directory.GetDirectories(particle))
                foreach (var file in Directory.GetFiles(energy, "*" + extension))
                {
                    var name = Path.GetFileName(file);
                    if (name.StartsWith('.')) continue;
                    yield return ($"{Path.GetFileName(particle)}/{Path.GetFileName(energy)}/{name[..^extension.Length]}", file);
                }
    }

    private static bool Delete(string file)
    {
        try
        {
            File.Delete(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
