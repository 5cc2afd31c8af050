namespace TrackPipeline.App;

/// <summary>Process exit codes, for batch systems and scripts.</summary>
public static class ExitCodes
{
    /// <summary>Every input was processed.</summary>
    public const int Success = 0;
    /// <summary>Nothing useful could run: bad configuration, unwritable output, a bug that stopped the run.</summary>
    public const int Fatal = 1;
    /// <summary>The run finished, but some inputs were rejected (listed in the errors table).</summary>
    public const int SomeInputsRejected = 2;
    /// <summary>Stopped by Ctrl+C / SIGTERM; what was finished is written and a re-run resumes.</summary>
    public const int Interrupted = 130;
}
