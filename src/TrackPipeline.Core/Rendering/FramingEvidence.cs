using TrackPipeline.Classification;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// What the charge says a track is, for choosing its picture's frame: the classifier's predicted class, the
/// reconstruction's pair vertex (from the triggered pixels by default) and the topology stage's vertex on the raw
/// deposits. All three are measured from the charge: never the truth, the folder or the file name, so a track
/// without a pickle, stored anywhere, gets the same frame.
/// </summary>
/// <param name="Start">The reconstruction's electron start and direction (from the pixels): not used for framing, drawn on the event page.</param>
public sealed record FramingEvidence(string? PredictedClass, PairKinematics? RecoPair, ProngSplit? RawVertex, ElectronStart? Start = null)
{
    /// <summary>No classifier, no reconstruction: the main-cluster frame.</summary>
    public static readonly FramingEvidence None = new(null, null, null);

    /// <summary>The stages' results on one track (classification, reconstruction, topology), as far as they ran.</summary>
    public static FramingEvidence Of(TrackItem item) =>
        new(item.Scores?.PredictedClass, item.Reconstruction?.Pair, item.Topology?.Raw.AtRecoVertex, item.Reconstruction?.Start)
        {
            RecoVertex = item.Reconstruction?.Vertex,
        };

    /// <summary>
    /// The reconstruction's pair vertex from the pixels (m): where its photon line starts, or its pair's vertex
    /// (<see cref="TrackReconstruction.Vertex"/>); found also when no two leptons were fitted there (a weird pair's soft
    /// lepton). Null without one.
    /// </summary>
    public Vec3? RecoVertex { get; init; }

    /// <summary>
    /// The track is framed as a pair when the classifier calls it one; without a classifier (no pixel level), when
    /// the reconstruction found a V.
    /// </summary>
    public bool LooksLikePair => PredictedClass is { } c ? QuestCategory.IsPairClass(c) : RecoPair is not null;
}
