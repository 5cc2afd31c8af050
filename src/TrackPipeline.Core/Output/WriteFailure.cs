namespace TrackPipeline.Output;

/// <summary>
/// A file of the output that could not be written (a file or folder in its way, a full or read-only disk): where, and
/// why, in the words a user acts on. A value, not an exception, where the file is best effort (a picture, a gallery
/// file): the run goes on and says what is missing (the gallery's warnings, the render stage's <c>render_failed</c> rows).
/// </summary>
public sealed record WriteFailure(string Path, Exception Error)
{
    /// <summary>One line: the file system's refusal with what to check, anything else (out of memory) with its kind.</summary>
    public string Message => IsWriteError(Error)
        ? $"{Path}: {OneLine(Error.Message)} (is a file or folder in the way, or the disk full or read-only?)"
        : $"{Path}: {Error.GetType().Name}: {OneLine(Error.Message)}";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>Whether <paramref name="e"/> is the file system refusing a write (not a bug in what was being written).</summary>
    public static bool IsWriteError(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>
    /// Whether <paramref name="e"/> comes from the machine rather than the code: the file system's refusal (a full,
    /// read-only or missing disk, no access, a path too long: all <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/>) or running out of memory (<see cref="OutOfMemoryException"/>, which
    /// <see cref="InsufficientMemoryException"/> is too). A best-effort file may fail for these; for anything else the
    /// code composing it is wrong.
    /// </summary>
    public static bool IsEnvironmentFailure(Exception e) => IsWriteError(e) || e is OutOfMemoryException;
}
