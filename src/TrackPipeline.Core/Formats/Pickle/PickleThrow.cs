using System.Diagnostics.CodeAnalysis;

namespace TrackPipeline.Formats.Pickle;

/// <summary>Throw helpers: every pickle problem becomes a <see cref="TrackFormatException"/> naming file and byte offset.</summary>
internal static class PickleThrow
{
    public static TrackFormatException Create(string path, long offset, string problem, InputErrorKind kind = InputErrorKind.Pickle)
        => new(kind, path, entry: null, offset, problem);

    [DoesNotReturn]
    public static void Throw(string path, long offset, string problem)
        => throw Create(path, offset, problem);

    [DoesNotReturn]
    public static T Throw<T>(string path, long offset, string problem)
        => throw Create(path, offset, problem);

    [DoesNotReturn]
    public static void Unsafe(string path, long offset, string module, string name)
        => throw Create(path, offset,
            $"refusing global '{module}.{name}': only NumPy array/scalar/dtype reconstruction and data-only builtins are allowed",
            InputErrorKind.UnsafePickle);
}
