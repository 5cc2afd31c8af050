using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>The evaluations measure against the truth: a track without its pickle cannot be evaluated, said by name.</summary>
internal static class RequiredTruth
{
    public static TrackTruth RequireTruth(this Track track) =>
        track.Truth ?? throw new InvalidDataException($"{track.Source.NpzPath}: no truth (.pickle) beside the track; the evaluation measures against it");
}
