namespace TrackPipeline.Pipeline;

/// <summary>
/// One step of the signal chain (read, drift, readout, topology, classification, rendering). A stage
/// reads what earlier stages left on the <see cref="TrackItem"/> and adds its own result. It may throw
/// for a bad track; the pipeline turns that into a <see cref="TrackFailure"/> for this track only.
/// Stages are called concurrently for different tracks and must not share mutable state.
/// </summary>
public interface ITrackStage
{
    /// <summary>Short name, used in the errors table and in timings (e.g. <c>read</c>, <c>drift</c>).</summary>
    string Name { get; }

    void Process(TrackItem item, CancellationToken cancellationToken);
}

/// <summary>
/// A stage whose failure must not cost the track (pictures): the pipeline logs the problem and the track goes on
/// to be written, instead of becoming a row of the errors table.
/// </summary>
public interface IBestEffortStage : ITrackStage;
