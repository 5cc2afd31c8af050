using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The end of a run with errors-table rows: the first few, one line each (the file below the input root and why), then how
/// many more. The reasons were only in OUT/errors/*.parquet, which a user with only a shell (no DuckDB, polars or pyarrow)
/// cannot read. What came from the input (names, pickle text) is escaped for the terminal (<see cref="TerminalText"/>).
/// </summary>
public static class ErrorRowsOnStderr
{
    public static IEnumerable<string> Lines(DatasetWriter writer, string errorsFolder)
    {
        foreach (var (sourcePath, message) in writer.FirstErrors)
            yield return $"  {TerminalText.OneLine(sourcePath)}: {TerminalText.OneLine(message)}";
        int more = writer.ErrorRows - writer.FirstErrors.Count;
        if (more > 0) yield return $"  and {more} more: see {errorsFolder}";
    }
}
