namespace TrackPipeline.Topology;

/// <summary>
/// The voxel grid a shape was measured on and the pruned skeleton of its main cluster (<see cref="ShapeAnalysis"/>),
/// kept so that a later measurement of the same charge (the classifier's charge profile, the detached clusters' alignment)
/// does not build them again.
/// </summary>
/// <param name="PruneLengthM">The skeleton's pruning length: a reader asking for another one must build its own.</param>
/// <param name="Clusters">The grid's connected clusters (cluster 0 the main one), numbered once for every reader of the same charge.</param>
/// <param name="MainCluster">The main cluster's charge binned again at the vertex voxel size, with its neighbours (the prong
/// split's and the cone vertex's): the reconstruction of the same charge at the same sizes reads it instead of binning again.</param>
/// <param name="MainClusterTree">The unpruned spanning tree over every voxel of <paramref name="MainCluster"/> (the cone
/// vertex's; null when it was not built): the electron start fit with pruning 0 walks the same tree.</param>
public sealed record MainSkeleton(VoxelGrid Grid, Skeleton Skeleton, double PruneLengthM, ConnectedClusters Clusters,
    VoxelAdjacency? MainCluster = null, Skeleton? MainClusterTree = null);
