using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The errors-table rows of refused truth pickles (<see cref="TrackItem.TruthFailureOf"/>) whose tracks are already
/// written, carried across a resume. A resume deletes the error files of its shard (failed inputs are retried and listed
/// again), but it skips a written track, so its truth-only row would be lost; re-reading the pickles of skipped tracks
/// instead would cost a parse per written track and need the inputs (a merge pass over emptied inputs has none). So the
/// rows are read from the error files and written again, for the tracks that are still done, into a new error file that
/// lands (atomic rename) BEFORE the old files are deleted: a run killed at any instant leaves the rows on disk, in the old
/// files, the new one or both, and the next resume reads them back once (<see cref="CarryForwardAsync"/>).
/// </summary>
public static class TruthOnlyRows
{
    private static readonly string[] Columns = ["track_id", "source_path", "stage", "error_kind", "message"];

    /// <summary>What a rerun says of an errors part it cannot read (checked before any work, and again when its rows are read).</summary>
    public static string UnreadableErrorsPart(string file, string problem) =>
        $"errors part {file} cannot be read ({problem}): a rerun would lose the rows of refused truth pickles in it; restore it, " +
        "or delete it and rerun (failed inputs are listed again, but a written track whose .pickle was refused then stays without truth and without its row)";

    /// <summary>The truth-only rows of <paramref name="errorFiles"/>, each once; an unreadable file is refused (<see cref="UnreadableErrorsPart"/>).</summary>
    public static async Task<IReadOnlyList<TrackItem>> ReadAsync(IEnumerable<string> errorFiles, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<TrackItem>();
        foreach (var file in errorFiles)
        {
            List<string>[] read;
            try
            {
                read = await ParquetTableFile.ReadStringColumnsAsync(file, Columns, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Not skipped: the resume deletes the file after this, and its rows would be lost for good (breaker13 item 1).
                throw new InvalidDataException(UnreadableErrorsPart(file, e.Message), e);
            }
            var (trackId, sourcePath, stage, errorKind, message) = (read[0], read[1], read[2], read[3], read[4]);
            for (int r = 0; r < message.Count; r++)
            {
                if (!message[r].StartsWith(TrackItem.TruthOnlyPrefix, StringComparison.Ordinal)) continue;
                // A run killed after writing the carried rows but before deleting the old files has both: said once.
                var row = Carried(trackId[r], sourcePath[r], new TrackFailure(sourcePath[r], stage[r], errorKind[r], message[r]));
                if (seen.Add(Key(row))) rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>
    /// The rows whose track is in <paramref name="done"/> (the tracks table's source_path): it is skipped, so its row is said
    /// again. A row of a track not written (a killed run) is dropped: the track is processed again and says it itself.
    /// </summary>
    public static IEnumerable<TrackItem> OfWritten(IEnumerable<TrackItem> rows, IReadOnlySet<string> done)
    {
        foreach (var row in rows)
        {
            var (raw, compressed) = TrackPathsOf(row);
            if (done.Contains(raw) || done.Contains(compressed)) yield return row;
        }
    }

    /// <summary>
    /// The source_path a row's track has in the tracks table: the .npz beside the .pickle, named like the track, raw
    /// (TrackE...npz) or compressed (TrackE...c.npz, its id the stem, or the stem + ".c" when both are read, which is again
    /// the id + ".npz").
    /// </summary>
    public static (string Raw, string Compressed) TrackPathsOf(TrackItem row)
    {
        var picklePath = row.Failure!.SourcePath;
        int slash = picklePath.LastIndexOf('/');
        var folder = slash < 0 ? "" : picklePath[..(slash + 1)];
        return (folder + row.Source.Name + ".npz", folder + row.Source.Name + ".c.npz");
    }

    /// <summary>
    /// The rows of <paramref name="coarserRows"/> (read from a coarser shard's error files, <see cref="DatasetLayout.ErrorFilesOfCoarserShards"/>)
    /// that name a written track of <paramref name="shard"/>, are not among <paramref name="carried"/> (a killed merge pass
    /// can leave a row in both) and whose pickle is <paramref name="stillRefused"/> (one repaired since is said by the
    /// caller instead): this run neither carries nor deletes them, as its siblings read the same files, but counts them as
    /// its own rejected inputs, so that a shard's exit code tells of its tracks' refused pickles as an unsharded rerun's
    /// does (session 26 breaker12 item 8: a sharded rerun of an unsharded output said exit 0, "0 rejected").
    /// </summary>
    public static IEnumerable<TrackItem> KeptElsewhere(IEnumerable<TrackItem> coarserRows, IReadOnlySet<string> done, ShardSpec shard,
        IEnumerable<TrackItem> carried, Func<TrackItem, bool> stillRefused)
    {
        var said = carried.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var row in OfWritten(coarserRows, done))
            if (shard.Includes(row.Source.Name) && said.Add(Key(row)) && stillRefused(row)) yield return row;
    }

    /// <summary>A row's identity: the same refused pickle said twice (old and carried file) is one row.</summary>
    private static string Key(TrackItem row) =>
        string.Join('\n', row.Source.Name, row.Failure!.SourcePath, row.Failure.Stage, row.Failure.ErrorKind, row.Failure.Message);

    /// <summary>
    /// Reads the truth-only rows of <paramref name="oldErrorFiles"/> and writes those of tracks in <paramref name="done"/>
    /// to one new error file of this shard, under a sequence number above every existing one (never the name of a file
    /// still to be deleted). Returns that file's sequence number (null when no row is carried) and the rows; the caller then
    /// deletes the old files except this one (<see cref="DatasetLayout.PrepareForResume"/>, given the number).
    /// </summary>
    public static async Task<(int? Sequence, IReadOnlyList<TrackItem> Rows)> CarryForwardAsync(DatasetLayout layout,
        IEnumerable<string> oldErrorFiles, IReadOnlySet<string> done, IReadOnlyDictionary<string, string> metadata,
        CancellationToken cancellationToken)
    {
        var carried = OfWritten(await ReadAsync(oldErrorFiles, cancellationToken), done).ToList();
        if (carried.Count == 0) return (null, carried);
        var batch = ErrorTable.CreateSchema().CreateBatch();
        foreach (var row in carried) batch.Add(row);
        int sequence = layout.SequenceAboveExisting();
        await ParquetTableFile.WriteAsync(layout.ErrorsFile(sequence), batch.Buffers, metadata, cancellationToken);
        return (sequence, carried);
    }

    /// <summary>
    /// An errors-table row read back: its source_path is already below the input root and is written as it is; its
    /// track_id gives the file stem back (<see cref="TrackIdentity.NameOf"/>), which the track's paths and shard are keyed on.
    /// </summary>
    private static TrackItem Carried(string trackId, string sourcePath, TrackFailure failure) =>
        new(new TrackSource(TrackIdentity.NameOf(trackId, sourcePath), "", "", 0, sourcePath, null, false, sourcePath)) { Failure = failure };
}
