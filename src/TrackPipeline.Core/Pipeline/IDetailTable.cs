using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// A table with many rows per track (e.g. the triggered pixels), partitioned like the tracks table.
/// Its file for a batch is written before the batch's track file, so that a track row implies its details.
/// </summary>
public interface IDetailTable
{
    /// <summary>Folder below the output root, e.g. <c>pixels</c>.</summary>
    string Folder { get; }
    IDetailBatch CreateBatch();
}

/// <summary>Rows of a detail table collected for one file.</summary>
public interface IDetailBatch
{
    void Add(TrackItem item);
    int RowCount { get; }
    IReadOnlyList<ColumnBuffer> Buffers { get; }
    void Clear();
}
