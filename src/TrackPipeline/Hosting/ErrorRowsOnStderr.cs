using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The end of a run with errors-table rows: the first few, one line each (the file below the input root and why), then how
/// many more. The reasons were only in OUT/errors/*.parquet, which a user with only a shell (no DuckDB, polars or pyarrow)
/// cannot read.
/// </summary>
public static class ErrorRowsOnStderr
{
    public static IEnumerable<string> Lines(DatasetWriter writer, string errorsFolder)
    {
        foreach (var (sourcePath, message) in writer.FirstErrors)
            yield return $"  {sourcePath}: {OneLine(message)}";
        int more = writer.ErrorRows - writer.FirstErrors.Count;
        if (more > 0) yield return $"  and {more} more: see {errorsFolder}";
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
