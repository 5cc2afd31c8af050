using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>Reads a track's deposits and truth from disk, within the run's limits (file types, sizes).</summary>
public sealed class ReadStage(TrackLimits limits) : ITrackStage
{
    public ReadStage() : this(TrackLimits.None) { }

    public string Name => "read";

    public TrackLimits Limits { get; } = limits;

    /// <summary>
    /// A refused truth pickle does not cost the track: it is read without truth (as without a pickle) and
    /// <see cref="TrackItem.TruthProblem"/> holds the pickle's problem, one more row of the errors table.
    /// </summary>
    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        item.Track = TrackReader.Read(item.Source, Limits, out var truthProblem);
        item.TruthProblem = truthProblem;
    }
}
