namespace TrackPipeline.Pipeline;

/// <summary>Why a track did not make it through a stage: one row of the errors table.</summary>
public sealed record TrackFailure(string SourcePath, string Stage, string ErrorKind, string Message);
