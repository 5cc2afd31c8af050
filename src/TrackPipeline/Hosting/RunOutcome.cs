namespace TrackPipeline.App.Hosting;

/// <summary>How the run ended, set by the pipeline service and returned as the process exit code.</summary>
public sealed class RunOutcome
{
    public int ExitCode { get; set; } = ExitCodes.Fatal;
}
