using System.Globalization;
using System.Text.RegularExpressions;

namespace TrackPipeline.Output;

/// <summary>
/// Where each table's files go: Hive-style partitions that DuckDB, pandas/pyarrow, polars and Spark read
/// as one dataset, e.g. <c>OUT/tracks/particle=electrons/energy_kev=1000/part-0of1-00003.parquet</c>.
/// A file's sequence number ties the pixel file of a batch to its track file.
/// </summary>
public sealed partial class DatasetLayout(string root, ShardSpec shard)
{
    public const string TracksFolder = OutputLayout.Tracks;
    public const string PixelsFolder = OutputLayout.Pixels;
    public const string ErrorsFolder = OutputLayout.Errors;

    public string Root { get; } = Path.GetFullPath(root);
    public ShardSpec Shard { get; } = shard;

    public string FileName(int sequence) => $"part-{Shard.Label}-{sequence.ToString("D5", CultureInfo.InvariantCulture)}.parquet";
    /// <summary>A batch's file of a partitioned table (tracks or a detail table such as pixels).</summary>
    public string PartitionFile(string folder, string partition, int sequence) => Path.Combine(Root, folder, partition, FileName(sequence));
    public string TracksFile(string partition, int sequence) => PartitionFile(TracksFolder, partition, sequence);
    public string ErrorsFile(int sequence) => Path.Combine(Root, ErrorsFolder, FileName(sequence));
    public string RunReportFile => Path.Combine(Root, Shard.Count == 1 ? OutputLayout.RunReportFile : $"run-{Shard.Label}.json");

    /// <summary>Every invocation's report, one file each: <c>runs/&lt;UTC start&gt;-&lt;shard&gt;-&lt;pid&gt;.json</c>.</summary>
    public string RunHistoryFolder => Path.Combine(Root, OutputLayout.Runs);

    public string RunHistoryFile(DateTimeOffset started, int processId) =>
        Path.Combine(RunHistoryFolder, $"{started.UtcDateTime:yyyyMMdd'T'HHmmss'.'fff'Z'}-{Shard.Label}-{processId}.json");

    [GeneratedRegex(@"^part-(\d+)of(\d+)-(\d+)\.parquet$", RegexOptions.CultureInvariant)]
    private static partial Regex PartFile();

    /// <summary>This shard's files of one table folder, with their sequence numbers.</summary>
    public IEnumerable<(string Path, int Sequence)> ShardFiles(string folder) => ShardFiles(folder, Shard);

    /// <summary>The files of shard <paramref name="shard"/> in one table folder, with their sequence numbers.</summary>
    public IEnumerable<(string Path, int Sequence)> ShardFiles(string folder, ShardSpec shard)
    {
        var dir = Path.Combine(Root, folder);
        if (!Directory.Exists(dir)) yield break;
        var k = shard.Index.ToString(CultureInfo.InvariantCulture);
        var n = shard.Count.ToString(CultureInfo.InvariantCulture);
        foreach (var f in Directory.EnumerateFiles(dir, "part-*.parquet", SearchOption.AllDirectories))
        {
            var m = PartFile().Match(Path.GetFileName(f));
            if (m.Success && m.Groups[1].Value == k && m.Groups[2].Value == n)
                yield return (f, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The error files <see cref="PrepareForResume"/> deletes (those of every shard this one covers): their failed inputs are
    /// retried by this run, and the rows of tracks already written (a refused truth pickle) are carried forward from them.
    /// </summary>
    public IReadOnlyList<string> ErrorFilesReplacedOnResume(ShardLease lease)
    {
        if (lease.Own != Shard) throw new ArgumentException($"lease of shard {lease.Own} used for shard {Shard}", nameof(lease));
        return [.. lease.Held.Where(shard => ShardLease.Covers(Shard, shard)).SelectMany(shard => ShardFiles(ErrorsFolder, shard).Select(f => f.Path))];
    }

    /// <summary>
    /// The error files of the coarser shards this one overlaps but does not cover (an earlier unsharded run's or merge pass's,
    /// read by every sibling shard): not this shard's to replace, but their rows of its tracks are said by it
    /// (<see cref="Pipeline.TruthOnlyRows.KeptElsewhere"/>). Taken before <see cref="ShardLease.ReleaseCoarser"/>.
    /// </summary>
    public IReadOnlyList<string> ErrorFilesOfCoarserShards(ShardLease lease)
    {
        if (lease.Own != Shard) throw new ArgumentException($"lease of shard {lease.Own} used for shard {Shard}", nameof(lease));
        return [.. lease.Held.Where(shard => !ShardLease.Covers(Shard, shard)).SelectMany(shard => ShardFiles(ErrorsFolder, shard).Select(f => f.Path))];
    }

    /// <summary>
    /// The sequence number of a file this shard writes before <see cref="PrepareForResume"/> (the carried truth-only rows,
    /// <see cref="Pipeline.TruthOnlyRows"/>): above every tracks and errors file of the shard, so it never replaces an
    /// error file that is still to be deleted (both are on disk until then; the rows are read back once).
    /// </summary>
    public int SequenceAboveExisting() => Math.Max(SequenceAfter(TracksFolder), SequenceAfter(ErrorsFolder));

    /// <summary>One above the highest sequence number of this shard's files in <paramref name="folder"/>; 0 when none.</summary>
    private int SequenceAfter(string folder) => ShardFiles(folder).Select(f => f.Sequence + 1).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Makes the folder ready for this shard to (re)start, touching only the files of shards whose lock
    /// <paramref name="lease"/> holds (no live process writes them): temporary files of killed runs, detail files (of every
    /// table in <see cref="OutputLayout.DetailTables"/>) whose track file never landed, and the error files of every shard this one covers (failed inputs are
    /// retried and re-listed once, by this run) except this shard's error file numbered <paramref name="carriedSequence"/>, the
    /// rows already carried forward from them (<see cref="Pipeline.TruthOnlyRows.CarryForwardAsync"/> chose that number). <paramref name="deleted"/> is told of each error file deleted (tests stop there, as a kill would).
    /// Returns the next free sequence number.
    /// </summary>
    public int PrepareForResume(ShardLease lease, int? carriedSequence = null, Action<string>? deleted = null)
    {
        if (lease.Own != Shard) throw new ArgumentException($"lease of shard {lease.Own} used for shard {Shard}", nameof(lease));
        foreach (var shard in lease.Held)
        {
            AtomicFile.RemoveStale(Root, shard.Label);
            var committed = new HashSet<string>(ShardFiles(TracksFolder, shard).Select(f => Path.GetRelativePath(Path.Combine(Root, TracksFolder), f.Path)), StringComparer.Ordinal);
            foreach (var folder in OutputLayout.DetailTables)
            {
                foreach (var (path, _) in ShardFiles(folder, shard).ToList())
                    if (!committed.Contains(Path.GetRelativePath(Path.Combine(Root, folder), path))) File.Delete(path);
            }
        }
        var kept = carriedSequence is { } carried ? Path.GetFullPath(ErrorsFile(carried)) : null;
        foreach (var path in ErrorFilesReplacedOnResume(lease))
        {
            if (string.Equals(Path.GetFullPath(path), kept, StringComparison.Ordinal)) continue;
            File.Delete(path);
            deleted?.Invoke(path);
        }
        // The writer starts above the carried file (itself above every tracks file when it was written).
        return Math.Max(SequenceAfter(TracksFolder), carriedSequence + 1 ?? 0);
    }
}
