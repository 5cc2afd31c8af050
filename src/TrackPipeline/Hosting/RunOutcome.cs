namespace TrackPipeline.App.Hosting;

/// <summary>How the run ended, set by the pipeline service and returned as the process exit code.</summary>
public sealed class RunOutcome
{
    public int ExitCode { get; set; } = ExitCodes.Fatal;

    /// <summary>
    /// The pipeline service's body began. A stop (SIGTERM, Ctrl+C) after the host took over the signals but before the
    /// service ran leaves it false: the host then cancels the service without running it, and ExitCode was never set.
    /// </summary>
    public bool ServiceStarted { get; set; }
}
