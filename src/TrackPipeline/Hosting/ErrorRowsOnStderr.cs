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
            yield return $"  {TerminalText.OneLine(sourcePath)}: {TerminalText.OneLine(WithoutFullPath(message, sourcePath))}";
        int more = writer.ErrorRows - writer.FirstErrors.Count;
        if (more > 0) yield return $"  and {more} more: see {errorsFolder}";
    }

    /// <summary>
    /// The message without the file's full path, which the line already starts with (below the input root): lines of
    /// 250-330 characters gave each path twice (known issues, session 26 breaker12 item 9). Only an absolute path ending
    /// in <paramref name="sourcePath"/>, at the start of the message or after ": ", is taken out; the table keeps it.
    /// </summary>
    internal static string WithoutFullPath(string message, string sourcePath)
    {
        int at = message.IndexOf("/" + sourcePath, StringComparison.Ordinal);
        if (at < 0) return message;
        int start = message.LastIndexOf(": ", at, StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 2;
        if (message[start] != '/' || message.AsSpan(start, at - start).Contains(' ')) return message;
        var rest = message[(at + 1 + sourcePath.Length)..].TrimStart(':', ' ');
        return message[..start] + rest;
    }
}
