namespace TrackPipeline.Topology;

/// <summary>A track's topology: its shape from the raw deposits and from the triggered pixels, and its truth (null without a pickle).</summary>
/// <param name="PixelSkeleton">The pixels' voxel grid and main-cluster skeleton, kept for the classifier's charge profile (null without pixels).</param>
public sealed record TrackTopology(ShapeFeatures Raw, ShapeFeatures? Pixels, TruthFeatures? Truth, MainSkeleton? PixelSkeleton = null);
