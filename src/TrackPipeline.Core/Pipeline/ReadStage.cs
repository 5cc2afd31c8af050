using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>Reads a track's deposits and truth from disk.</summary>
public sealed class ReadStage : ITrackStage
{
    public string Name => "read";

    public void Process(TrackItem item, CancellationToken cancellationToken) =>
        item.Track = TrackReader.Read(item.Source);
}
