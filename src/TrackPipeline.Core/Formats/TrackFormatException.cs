namespace TrackPipeline.Formats;

/// <summary>What went wrong with an input, as a short machine-readable kind for the errors table.</summary>
public enum InputErrorKind
{
    Io,
    Zip,
    Npy,
    Pickle,
    UnsafePickle,
    Shape,
    Value,
    MissingPickle,
    Truth,
    /// <summary>The track's material (its folder) is not the medium the drift is configured for.</summary>
    MaterialMismatch,
    /// <summary>A FIFO, device, socket or folder where a track file was expected: never opened.</summary>
    NotRegularFile,
    /// <summary>The input needs more memory than the run's budget (declared array sizes, pickle size): not read.</summary>
    TooLarge,
}

/// <summary>
/// A malformed input file. The message always names the file and, where known, the archive entry and
/// the byte offset, so that a physicist can find the problem without a debugger.
/// </summary>
public sealed class TrackFormatException : Exception
{
    public TrackFormatException(InputErrorKind kind, string path, string? entry, long? offset, string problem, Exception? inner = null)
        : base(Compose(path, entry, offset, problem), inner)
    {
        Kind = kind;
        Path = path;
        Entry = entry;
        Offset = offset;
        Problem = problem;
    }

    public InputErrorKind Kind { get; }
    public string Path { get; }
    public string? Entry { get; }
    public long? Offset { get; }
    /// <summary>The problem alone, without the location.</summary>
    public string Problem { get; }

    private static string Compose(string path, string? entry, long? offset, string problem)
    {
        var where = path;
        if (entry is not null) where += $" [{entry}]";
        if (offset is not null) where += $" at byte {offset}";
        return $"{where}: {problem}";
    }
}
