namespace TrackPipeline.Topology;

/// <summary>A track's topology: its shape from the raw deposits and from the triggered pixels, and its truth (null without a pickle).</summary>
public sealed record TrackTopology(ShapeFeatures Raw, ShapeFeatures? Pixels, TruthFeatures? Truth);
