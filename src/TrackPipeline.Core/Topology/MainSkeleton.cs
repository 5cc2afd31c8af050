namespace TrackPipeline.Topology;

/// <summary>
/// The voxel grid a shape was measured on and the pruned skeleton of its main cluster (<see cref="ShapeAnalysis"/>),
/// kept so that a later measurement of the same charge (the classifier's charge profile, the detached clusters' alignment)
/// does not build them again.
/// </summary>
/// <param name="PruneLengthM">The skeleton's pruning length: a reader asking for another one must build its own.</param>
/// <param name="Clusters">The grid's connected clusters (cluster 0 the main one), numbered once for every reader of the same charge.</param>
public sealed record MainSkeleton(VoxelGrid Grid, Skeleton Skeleton, double PruneLengthM, ConnectedClusters Clusters);
