using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The errors table: one row per rejected input, with the stage that rejected it and why; and one per good track whose
/// best-effort stage failed (<see cref="TrackItem.BestEffortFailure"/>: its picture), which is also in the tracks table.
/// </summary>
public static class ErrorTable
{
    public static TableSchema<TrackItem> CreateSchema() => new TableSchema<TrackItem>()
        .String("track_id", i => i.Source.TrackId)
        .String("source_path", i => i.Source.RelativeOf(Of(i).SourcePath))   // below the input root, like the tracks table
        .String("stage", i => Of(i).Stage)
        .String("error_kind", i => Of(i).ErrorKind)
        .String("message", i => Of(i).Message);

    private static TrackFailure Of(TrackItem item) =>
        item.Failure ?? item.BestEffortFailure ?? throw new InvalidOperationException($"{item.Source.Name}: no failure to write");
}
