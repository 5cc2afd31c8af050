using Parquet;
using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Parts of an output written before the quest ranked by its keys (<c>quest_key_*</c> columns, <see cref="QuestRanking"/>):
/// the quest cannot rank their tracks alike with this run's. The quest used to find them only after the run had
/// processed and written its own tracks (known issue S3); the run now looks before any work, reading only each part's
/// schema. They cannot be upgraded in place: a key needs features (the detached clusters' alignment) that those parts do
/// not hold, so their tracks must be processed again.
/// </summary>
public static class PartsBeforeQuestKeys
{
    /// <summary>
    /// The files to delete so that the quest can rank the output: for each part whose quest rows hold scores but no keys,
    /// its tracks part and its side table (a run would remove the side table of a deleted tracks part only after this
    /// check). A damaged side table is refused here too, as the quest would refuse it after the run.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string outputRoot, CancellationToken cancellationToken)
    {
        string score = QuestSelection.ScoreColumn(QuestCategory.Quest[0]), key = QuestSelection.KeyColumn(QuestCategory.Quest[0]);
        var tracks = Path.Combine(outputRoot, OutputLayout.Tracks);
        var stale = new List<string>();
        foreach (var (file, tableRoot) in QuestSelection.EarlierParts(outputRoot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var columns = await ColumnNamesAsync(file, tableRoot, cancellationToken);
            if (!columns.Contains(score) || columns.Contains(key)) continue;
            var part = Path.Combine(tracks, Path.GetRelativePath(tableRoot, file));
            if (IsSideTable(tableRoot) && File.Exists(part)) stale.Add(part);
            stale.Add(file);
        }
        return stale;
    }

    /// <summary>One line: which parts, why the run cannot go on, and what to do (delete them and rerun, or another output).</summary>
    public static string Refusal(string outputRoot, IReadOnlyList<string> stale)
    {
        var tracks = Path.Combine(outputRoot, OutputLayout.Tracks);
        int parts = ParquetDataset.FilesIn(tracks).Count();
        int staleParts = stale.Count(f => f.StartsWith(tracks + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        const string why = "written before the quest ranked by its keys (quest_key_* columns), so the quest cannot rank their tracks with this run's";
        if (parts > 0 && staleParts == parts)
            return $"every tracks part of {outputRoot} ({parts} files, e.g. {stale[0]}) was {why}: delete its {OutputLayout.Tracks}, {OutputLayout.Pixels} and " +
                $"{OutputLayout.QuestRows} folders and rerun (every track is processed again), or write into a new output";
        const int named = 6;
        var files = string.Join(", ", stale.Take(named)) + (stale.Count > named ? $" and {stale.Count - named} more (each part without quest_key_* columns)" : "");
        return $"{stale.Count} files of {outputRoot} were {why}: delete {files} and rerun (their tracks are processed again, " +
            $"and the run removes their {OutputLayout.Pixels} parts), or write into a new output";
    }

    private static async Task<HashSet<string>> ColumnNamesAsync(string file, string tableRoot, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
            return reader.Schema.GetDataFields().Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw IsSideTable(tableRoot) ? QuestSelection.UnreadableSideTable(file, e) : CompletedTracks.Unreadable(file, e);
        }
    }

    private static bool IsSideTable(string tableRoot) => tableRoot.EndsWith(OutputLayout.QuestRows, StringComparison.Ordinal);
}
