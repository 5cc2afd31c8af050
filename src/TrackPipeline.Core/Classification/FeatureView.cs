using TrackPipeline.Topology;

namespace TrackPipeline.Classification;

/// <summary>
/// What the feature extraction needs besides the measurement: which charge it looks at, and the lengths of the
/// charge profile (<see cref="ChargeProfile"/>).
/// </summary>
/// <param name="Topology">Linking and pruning lengths, the same as the topology stage's, so the main track is the same.</param>
/// <param name="EndChargeRadiusMm">Radius of the sphere whose charge gives the charge per length at a point (<c>Classifier:EndChargeRadiusMm</c>).</param>
/// <param name="EndPlateauFromMm">Start of the arc-length window from each track end read by <see cref="EndPlateau"/> (<c>Classifier:EndPlateauFromMm</c>).</param>
/// <param name="EndPlateauToMm">Its end (<c>Classifier:EndPlateauToMm</c>).</param>
/// <param name="DetachedConeDeg">Half-angle of the cone ahead of the track's start in which a detached cluster counts as aligned (<see cref="DetachedAlignment"/>, <c>Classifier:DetachedConeDeg</c>).</param>
/// <param name="StartStemFromMm">Start of the arc-length window from the reconstruction's start read by <see cref="StartStem"/> (<c>Classifier:StartStemFromMm</c>).</param>
/// <param name="StartStemToMm">Its end (<c>Classifier:StartStemToMm</c>).</param>
/// <param name="StartBranchRadiusMm">Skeleton junctions closer than this to the start count (<c>Classifier:StartBranchRadiusMm</c>).</param>
public sealed record FeatureView(DetectorView View, TopologySettings Topology, double EndChargeRadiusMm, double EndPlateauFromMm, double EndPlateauToMm, double DetachedConeDeg,
    double StartStemFromMm, double StartStemToMm, double StartBranchRadiusMm);
