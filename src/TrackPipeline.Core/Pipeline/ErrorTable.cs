using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>The errors table: one row per rejected input, with the stage that rejected it and why.</summary>
public static class ErrorTable
{
    public static TableSchema<TrackItem> CreateSchema() => new TableSchema<TrackItem>()
        .String("track_id", i => i.Source.Name)
        .String("source_path", i => i.Source.RelativeOf(i.Failure!.SourcePath))   // below the input root, like the tracks table
        .String("stage", i => i.Failure!.Stage)
        .String("error_kind", i => i.Failure!.ErrorKind)
        .String("message", i => i.Failure!.Message);
}
