using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>Reads a track's deposits and truth from disk, within the run's limits (file types, sizes).</summary>
public sealed class ReadStage(TrackLimits limits) : ITrackStage
{
    public ReadStage() : this(TrackLimits.None) { }

    public string Name => "read";

    public TrackLimits Limits { get; } = limits;

    public void Process(TrackItem item, CancellationToken cancellationToken) =>
        item.Track = TrackReader.Read(item.Source, Limits);
}
