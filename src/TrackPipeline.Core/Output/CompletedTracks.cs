namespace TrackPipeline.Output;

/// <summary>
/// The tracks an earlier run already wrote into an output folder, by their path below the input root
/// (<c>source_path</c>: the file stem alone is not unique, e.g. the same name under electrons/ and photons/).
/// Track files are written atomically and after their pixel files, so a track listed here is complete;
/// re-running skips it (resume).
/// </summary>
public static class CompletedTracks
{
    public const string SourcePathColumn = "source_path";

    /// <param name="alreadyRead">Source paths of tracks parts read just before (by path; <c>PartsToProcessAgain</c>), not read again.</param>
    public static async Task<HashSet<string>> LoadAsync(string outputRoot, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, List<string>>? alreadyRead = null)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var tracksDir = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        if (!Directory.Exists(tracksDir)) return done;
        foreach (var file in Directory.EnumerateFiles(tracksDir, "*.parquet", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            if (alreadyRead is not null && alreadyRead.TryGetValue(file, out var read))
            {
                foreach (var id in read) done.Add(id);
                continue;
            }
            List<string> ids;
            try
            {
                ids = await ParquetTableFile.ReadStringColumnAsync(file, SourcePathColumn, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw Unreadable(file, e);
            }
            foreach (var id in ids) done.Add(id);
        }
        return done;
    }

    /// <summary>The one-line error for a tracks part that cannot be read (resume and quest say the same).</summary>
    public static InvalidDataException Unreadable(string file, Exception e) =>
        new($"output file {file} cannot be read ({e.Message}); move or delete it to reprocess its tracks", e);
}
