namespace TrackPipeline.Topology;

/// <summary>
/// The voxel grid a shape was measured on and the pruned skeleton of its main cluster (<see cref="ShapeAnalysis"/>),
/// kept so that a later measurement of the same charge (the classifier's charge profile) does not build them again.
/// </summary>
/// <param name="PruneLengthM">The skeleton's pruning length: a reader asking for another one must build its own.</param>
public sealed record MainSkeleton(VoxelGrid Grid, Skeleton Skeleton, double PruneLengthM);
