using TrackPipeline.Topology;

namespace TrackPipeline.Classification;

/// <summary>
/// What the feature extraction needs besides the track: which charge it looks at, how to get the triggered pixels as
/// a charge cloud (with their pitch), and the lengths of the charge profile (<see cref="ChargeProfile"/>).
/// </summary>
/// <param name="Pixels">The readout's pixel cloud; null without a readout (then only the perfect-detector view works).</param>
/// <param name="Topology">Linking and pruning lengths, the same as the topology stage's, so the main track is the same.</param>
/// <param name="EndChargeRadiusMm">Radius of the sphere whose charge gives the charge per length at a point (<c>Classifier:EndChargeRadiusMm</c>).</param>
/// <param name="EndPlateauFromMm">Start of the arc-length window from each track end read by <see cref="EndPlateau"/> (<c>Classifier:EndPlateauFromMm</c>).</param>
/// <param name="EndPlateauToMm">Its end (<c>Classifier:EndPlateauToMm</c>).</param>
public sealed record FeatureView(DetectorView View, IPixelCloudSource? Pixels, TopologySettings Topology, double EndChargeRadiusMm, double EndPlateauFromMm, double EndPlateauToMm);
