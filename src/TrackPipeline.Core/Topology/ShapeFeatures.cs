using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>The shape of a track's charge, at one level (raw deposits or triggered pixels). Lengths in mm.</summary>
public sealed record ShapeFeatures
{
    public int Clusters { get; init; }
    public int SignificantClusters { get; init; }
    public double MainClusterChargeFraction { get; init; }
    public double DetachedChargeFraction { get; init; }
    /// <summary>Distance from the main cluster's centroid to the farthest significant detached cluster's centroid.</summary>
    public double FarthestDetachedMm { get; init; }
    /// <summary>
    /// Charge (electrons) of the largest, second and third detached clusters: a pair's positron annihilates into two
    /// 511 keV photons that Compton-scatter 5-20 cm away, while a Compton-scattered photon or a hard brem carries MeV.
    /// </summary>
    public double Detached1Charge { get; init; }
    public double Detached2Charge { get; init; }
    public double Detached3Charge { get; init; }
    public double TrackLengthMm { get; init; }
    public int Branches { get; init; }
    public int Endpoints { get; init; }
    public int Junctions { get; init; }
    public double Straightness { get; init; }
    public double PcaLinearity { get; init; }
    /// <summary>Prongs at the truth pair vertex (when the truth has one).</summary>
    public ProngSplit? AtTruthVertex { get; init; }
    /// <summary>Prongs at the vertex estimated from the charge alone.</summary>
    public ProngSplit? AtRecoVertex { get; init; }
    /// <summary>
    /// Prongs at the high-energy pair vertex found from the charge (<see cref="PairVertex"/>, the cone rule), which the
    /// reconstruction stage fits at; <see cref="AtRecoVertex"/> stays the fold estimate the classifier was trained on.
    /// </summary>
    public ProngSplit? AtPairVertex { get; init; }
    /// <summary>Distance from the estimated vertex to the truth pair vertex, mm.</summary>
    public double? VertexErrorMm { get; init; }

    public static readonly ShapeFeatures Empty = new();
}
