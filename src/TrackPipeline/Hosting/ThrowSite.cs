namespace TrackPipeline.App.Hosting;

/// <summary>
/// Where an exception was thrown, as "Type.Method", for the one-line report of a bug. Read from the stack trace's text rather
/// than <see cref="Exception.TargetSite"/>: that property needs the method's reflection metadata, which a trimmed (Native AOT)
/// program does not keep; the trace's text it does keep. It also names an async method as written, not its state machine.
/// </summary>
internal static class ThrowSite
{
    /// <summary>"Type.Method" of the innermost frame of <paramref name="e"/>'s trace; null when it has none (never thrown).</summary>
    public static string? Of(Exception e)
    {
        var trace = e.StackTrace;
        if (string.IsNullOrEmpty(trace)) return null;
        var frame = trace.AsSpan().TrimStart();
        int end = frame.IndexOfAny('\r', '\n');
        if (end >= 0) frame = frame[..end];
        // "at Namespace.Type.Method(Arguments) in file:line N", in the runtime's language-neutral form ("at" is not translated
        // with InvariantGlobalization).
        if (frame.StartsWith("at ")) frame = frame[3..];
        int arguments = frame.IndexOf('(');
        if (arguments >= 0) frame = frame[..arguments];
        int method = frame.LastIndexOf('.');
        if (method <= 0) return frame.Length > 0 ? frame.ToString() : null;
        int type = frame[..method].LastIndexOf('.');
        return frame[(type + 1)..].ToString();
    }
}
