using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The end of the pipeline: collects track rows per partition and writes them in batches. Each batch is
/// committed in a fixed order (detail files, then the track file, each atomic), so that a killed run can be
/// resumed from the track files alone. Items arrive in discovery order, and a partition's batch is written
/// when it is full or when the stream moves on to another partition, so the files do not depend on timing
/// or thread count. Not thread-safe: one writer, fed by one Dataflow block.
/// </summary>
public sealed class DatasetWriter
{
    private readonly DatasetLayout _layout;
    private readonly TableSchema<TrackItem> _trackSchema;
    private readonly IReadOnlyList<IDetailTable> _detailTables;
    private readonly WriterSettings _settings;
    private readonly IReadOnlyDictionary<string, string> _metadata;
    private readonly SortedDictionary<string, PartitionBatch> _open = new(StringComparer.Ordinal);
    private readonly TableBatch<TrackItem> _errors;
    private string? _currentPartition;
    private int _nextSequence;
    private bool _truthRowsPending;

    public DatasetWriter(DatasetLayout layout, TableSchema<TrackItem> trackSchema, IReadOnlyList<IDetailTable> detailTables,
        WriterSettings settings, int firstSequence, IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var table in detailTables)
            if (!OutputLayout.DetailTables.Contains(table.Folder, StringComparer.Ordinal))
                throw new ArgumentException($"detail table '{table.Folder}' is not registered in OutputLayout.DetailTables (known: {string.Join(", ", OutputLayout.DetailTables)}): a resume would not clean its orphans", nameof(detailTables));
        _layout = layout;
        _trackSchema = trackSchema;
        _detailTables = detailTables;
        _settings = settings;
        _metadata = metadata;
        _errors = ErrorTable.CreateSchema().CreateBatch();
        _nextSequence = firstSequence;
    }

    public int FilesWritten { get; private set; }

    /// <summary>Every file this writer committed (full paths): a pass after the run that was fed its rows skips them.</summary>
    public IReadOnlyCollection<string> Written => _written;
    private readonly List<string> _written = [];

    /// <summary>The tracks (path below the input root) written with an errors-table row for their failed picture: not drawn again after the run.</summary>
    public IReadOnlySet<string> BestEffortFailed => _bestEffortFailed;
    private readonly HashSet<string> _bestEffortFailed = new(StringComparer.Ordinal);

    /// <summary>Rows this writer put in the errors table (rejected inputs, refused pickles, failed pictures).</summary>
    public int ErrorRows { get; private set; }

    /// <summary>The first <see cref="FirstErrorsKept"/> of those rows (source_path below the input root, message), in order.</summary>
    public IReadOnlyList<(string SourcePath, string Message)> FirstErrors => _firstErrors;
    private readonly List<(string, string)> _firstErrors = [];
    public const int FirstErrorsKept = 5;

    public async Task AddAsync(TrackItem item, CancellationToken cancellationToken)
    {
        if (item.Failure is not null)
        {
            await AddErrorAsync(item, cancellationToken);
            return;
        }
        // A good track whose truth pickle was refused: its rows below, and a row naming the pickle in the errors table.
        if (item.TruthProblem is not null)
        {
            await AddErrorAsync(new TrackItem(item.Source) { Failure = TrackItem.TruthFailureOf(item.TruthProblem) }, cancellationToken);
            _truthRowsPending = _errors.Count > 0;
        }
        // A good track whose picture failed: its rows below, and a row in the errors table.
        if (item.BestEffortFailure is not null)
        {
            await AddErrorAsync(item, cancellationToken);
            _bestEffortFailed.Add(item.Source.RelativePath);
        }

        var partition = HivePartition.Of(item.Source);
        if (_currentPartition != partition)
        {
            // Discovery walks folder by folder: a new partition means the others are complete for now.
            foreach (var key in _open.Keys.ToList())
                if (key != partition) await FlushPartitionAsync(key, cancellationToken);
            _currentPartition = partition;
        }
        if (!_open.TryGetValue(partition, out var batch))
        {
            batch = new PartitionBatch(_trackSchema.CreateBatch(), _detailTables.Select(t => t.CreateBatch()).ToArray());
            _open[partition] = batch;
        }
        batch.Tracks.Add(item);
        foreach (var d in batch.Details) d.Add(item);
        if (batch.Tracks.Count >= _settings.TracksPerFile || batch.Details.Any(d => d.RowCount >= _settings.MaxDetailRowsPerFile))
            await FlushPartitionAsync(partition, cancellationToken);
    }

    /// <summary>Only the errors-table row of <paramref name="item"/> (its failure, or its best-effort stage's); also after the run (pictures drawn again).</summary>
    public async Task AddErrorAsync(TrackItem item, CancellationToken cancellationToken)
    {
        CountWrittenError(item);
        _errors.Add(item);
        if (_errors.Count >= _settings.TracksPerFile) await FlushErrorsAsync(cancellationToken);
    }

    /// <summary>Counts (and keeps among the first shown) an errors-table row already written elsewhere (carried forward, <see cref="TruthOnlyRows"/>).</summary>
    public void CountWrittenError(TrackItem item)
    {
        ErrorRows++;
        if (_firstErrors.Count < FirstErrorsKept && (item.Failure ?? item.BestEffortFailure) is { } failure)
            _firstErrors.Add((item.Source.RelativeOf(failure.SourcePath), failure.Message));
    }

    public async Task FlushAllAsync(CancellationToken cancellationToken)
    {
        foreach (var key in _open.Keys.ToList()) await FlushPartitionAsync(key, cancellationToken);
        await FlushErrorsAsync(cancellationToken);
    }

    private async Task FlushPartitionAsync(string partition, CancellationToken cancellationToken)
    {
        var batch = _open[partition];
        _open.Remove(partition);
        if (batch.Tracks.Count == 0) return;
        // A track's truth-only row lands before the track: a resume skips a written track and carries its row forward from
        // the error files (TruthOnlyRows), so a run killed between the two must not have the track without the row.
        if (_truthRowsPending) await FlushErrorsAsync(cancellationToken);
        int sequence = _nextSequence++;
        for (int t = 0; t < _detailTables.Count; t++)
        {
            var path = _layout.PartitionFile(_detailTables[t].Folder, partition, sequence);
            await ParquetTableFile.WriteAsync(path, batch.Details[t].Buffers, _metadata, cancellationToken);
            _written.Add(path);
            FilesWritten++;
        }
        await ParquetTableFile.WriteAsync(_layout.TracksFile(partition, sequence), batch.Tracks.Buffers, _metadata, cancellationToken);
        _written.Add(_layout.TracksFile(partition, sequence));
        FilesWritten++;
    }

    private async Task FlushErrorsAsync(CancellationToken cancellationToken)
    {
        if (_errors.Count == 0) return;
        await ParquetTableFile.WriteAsync(_layout.ErrorsFile(_nextSequence++), _errors.Buffers, _metadata, cancellationToken);
        FilesWritten++;
        _errors.Clear();
        _truthRowsPending = false;
    }

    private sealed record PartitionBatch(TableBatch<TrackItem> Tracks, IDetailBatch[] Details);
}

/// <summary>How output files are cut.</summary>
public sealed record WriterSettings(int TracksPerFile, int MaxDetailRowsPerFile);
