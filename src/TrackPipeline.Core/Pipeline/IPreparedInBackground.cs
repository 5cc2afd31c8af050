namespace TrackPipeline.Pipeline;

/// <summary>
/// A stage whose start-up work (the classifier's ONNX session) runs on a thread of its own while the earlier stages
/// already read and measure tracks. The graph waits for <see cref="Prepared"/> before the stage's first track; when it
/// fails, the run fails with that error before any row is written (a bad model is the run's error, not a track's).
/// </summary>
public interface IPreparedInBackground
{
    /// <summary>Completes when the stage can process tracks; faults with the reason it never will.</summary>
    Task Prepared { get; }
}
