using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// Measures the shape of a charge cloud: clusters (voxels of the linking length, 26-neighbour), the main
/// cluster's skeleton, PCA, and the prongs at the truth pair vertex and at an estimated vertex.
/// Cost is close to linear in points: one hashing pass, then work on occupied voxels only.
/// </summary>
public static class ShapeAnalysis
{
    /// <summary>Vertex candidates tried for the detector-level estimate (endpoints, junctions, the apex).</summary>
    private const int MaxVertexCandidates = 8;

    /// <param name="voxelSizeM">Linking length: voxel side of the clusters and the skeleton.</param>
    /// <param name="vertexVoxelSizeM">Voxel side of the prong split at vertices (finer for thin raw tracks).</param>
    public static ShapeFeatures Measure(ChargeCloud cloud, double voxelSizeM, double vertexVoxelSizeM, Vec3? truthVertex, TopologySettings settings, bool findPairVertex = true) =>
        Measure(cloud, voxelSizeM, vertexVoxelSizeM, truthVertex, settings, out _, findPairVertex);

    /// <param name="main">The grid and the main cluster's skeleton the shape was measured on (null when the cloud has no charge).</param>
    public static ShapeFeatures Measure(ChargeCloud cloud, double voxelSizeM, double vertexVoxelSizeM, Vec3? truthVertex, TopologySettings settings, out MainSkeleton? main, bool findPairVertex = true)
    {
        main = null;
        if (cloud.Count == 0) return ShapeFeatures.Empty;
        var voxelOfPoint = System.Buffers.ArrayPool<int>.Shared.Rent(cloud.Count);
        try
        {
            return Measure(cloud, voxelOfPoint.AsSpan(0, cloud.Count), voxelSizeM, vertexVoxelSizeM, truthVertex, settings, findPairVertex, out main);
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(voxelOfPoint);
        }
    }

    private static ShapeFeatures Measure(ChargeCloud cloud, Span<int> voxelOfPoint, double voxelSizeM, double vertexVoxelSizeM, Vec3? truthVertex, TopologySettings settings, bool findPairVertex, out MainSkeleton? main)
    {
        main = null;
        var grid = new VoxelGrid(cloud, voxelSizeM, voxelOfPoint);
        if (grid.Count == 0) return ShapeFeatures.Empty;
        var clusters = new ConnectedClusters(grid);
        double total = grid.TotalCharge();
        double significantCharge = Math.Max(settings.SignificantMinElectrons, settings.SignificantMinChargeFraction * total);

        int significant = 0;
        double farthest = 0;
        for (int c = 0; c < clusters.Count; c++)
        {
            if (clusters.Charge[c] < significantCharge && c != 0) continue;
            significant++;
            if (c > 0) farthest = Math.Max(farthest, (clusters.Centroid[c] - clusters.Centroid[0]).Length);
        }

        var mainVoxels = new List<int>(clusters.VoxelCount[0]);
        for (int v = 0; v < grid.Count; v++) if (clusters.ClusterOf[v] == 0) mainVoxels.Add(v);
        // The prong split works on the main cluster alone, at the vertex resolution. At the grid's own resolution (the pixel
        // level ships so) that is the main cluster's voxels of this grid, and the cone's unpruned tree over them is the skeleton's
        // tree before pruning: each is taken from what is built already, same bits (TopologyReuseTests).
        bool sameResolution = vertexVoxelSizeM == voxelSizeM;
        var mainGrid = sameResolution ? grid.Subset(clusters, 0) : MainClusterGrid(cloud, voxelOfPoint, clusters, vertexVoxelSizeM);
        Skeleton skeleton;
        Skeleton? unprunedMain = null;
        if (sameResolution)
        {
            unprunedMain = new Skeleton(mainGrid, AllVoxels(mainGrid.Count), 0);
            skeleton = Skeleton.Pruned(unprunedMain, settings.PruneLengthMm * 1e-3);
        }
        else skeleton = new Skeleton(grid, mainVoxels, settings.PruneLengthMm * 1e-3);
        var pca = PrincipalAxes.Of(grid, mainVoxels);

        var mainCluster = new VoxelAdjacency(mainGrid);
        ProngSplit? atTruth = truthVertex is { } tv ? ProngSplit.Find(mainCluster, tv, settings) : null;
        var atReco = EstimateVertex(mainCluster, skeleton, settings);
        Skeleton? tree = null;
        var atPair = findPairVertex ? ConeVertex(mainCluster, clusters, settings, unprunedMain, out tree) : null;
        // A shower-like event whose main cluster is a minority: the vertex is the upstream end of the whole event.
        var search = EventVertex.Search.From(settings);
        if (findPairVertex && search.Applies(clusters))
            atPair = AtEventVertex(cloud, voxelOfPoint, grid, mainCluster, clusters, search, settings) ?? atPair;
        main = new MainSkeleton(grid, skeleton, settings.PruneLengthMm * 1e-3, clusters, mainCluster, tree);

        return new ShapeFeatures
        {
            Clusters = clusters.Count,
            SignificantClusters = significant,
            MainClusterChargeFraction = clusters.Charge[0] / total,
            DetachedChargeFraction = 1 - clusters.Charge[0] / total,
            FarthestDetachedMm = farthest * 1e3,
            Detached1Charge = clusters.Count > 1 ? clusters.Charge[1] : 0,
            Detached2Charge = clusters.Count > 2 ? clusters.Charge[2] : 0,
            Detached3Charge = clusters.Count > 3 ? clusters.Charge[3] : 0,
            TrackLengthMm = skeleton.LengthM * 1e3,
            Branches = skeleton.BranchCount,
            Endpoints = skeleton.Endpoints.Count,
            Junctions = skeleton.Junctions.Count,
            Straightness = skeleton.Straightness,
            PcaLinearity = pca.Linearity,
            AtTruthVertex = atTruth,
            AtRecoVertex = atReco,
            AtPairVertex = atPair,
            VertexErrorMm = atReco is not null && truthVertex is { } t ? (atReco.Vertex - t).Length * 1e3 : null,
        };
    }

    /// <summary>
    /// The detector-level vertex. A pair's V is where the track folds back on itself: from the vertex both leptons
    /// leave in nearly the same direction (the opening angle), while from any point inside one lepton's track the two
    /// arms point nearly opposite ways. So the vertex is the node of the skeleton's longest path whose two arms make
    /// the smallest angle, when that angle is below the fold limit. A narrower pair has no fold: it is a Y (or a single
    /// line) whose stem starts at the vertex, so the vertex is the track end with the least charge around it (the
    /// other ends are Bragg ends). Tracks too short for either fall back to the endpoints, junctions and apex, ranked
    /// by where two prongs separate.
    /// </summary>
    private static ProngSplit? EstimateVertex(VoxelAdjacency mainCluster, Skeleton skeleton, TopologySettings settings)
    {
        if (skeleton.LongestPath.Count < 3) return null;
        if (settings.VertexMethod == TopologySettings.FoldVertex)
        {
            if (TrackEnds.Fold(skeleton, settings.VertexFoldArmMm * 1e-3, settings.VertexArmMinStraightness) is { } fold && fold.AngleDeg <= settings.VertexFoldMaxAngleDeg)
                return ProngSplit.Find(mainCluster, skeleton.Nodes[fold.Node], settings);
            // No V: a narrow pair is a Y whose stem starts at the vertex, the track end with the least charge around it.
            if (TrackEnds.SparsestEnd(mainCluster.Grid, skeleton, settings.StartDensityRadiusMm * 1e-3) is { } end)
                return ProngSplit.Find(mainCluster, skeleton.Nodes[end], settings);
        }
        var candidates = new List<int>();
        candidates.Add(Apex(skeleton));
        candidates.AddRange(skeleton.Junctions);
        candidates.AddRange(skeleton.Endpoints);
        ProngSplit? best = null;
        foreach (var node in candidates.Distinct().Take(MaxVertexCandidates))
        {
            var split = ProngSplit.Find(mainCluster, skeleton.Nodes[node], settings);
            if (best is null || Rank(split).CompareTo(Rank(best)) < 0) best = split;
        }
        return best;
    }

    /// <summary>The charge of the main cluster (cluster 0) binned again at the vertex resolution.</summary>
    public static VoxelGrid MainClusterGrid(ChargeCloud cloud, ReadOnlySpan<int> voxelOfPoint, ConnectedClusters clusters, double voxelSizeM) =>
        ClusterGrid(cloud, voxelOfPoint, clusters, 0, voxelSizeM);

    /// <summary>The charge of cluster <paramref name="cluster"/> binned again at the vertex resolution.</summary>
    public static VoxelGrid ClusterGrid(ChargeCloud cloud, ReadOnlySpan<int> voxelOfPoint, ConnectedClusters clusters, int cluster, double voxelSizeM) =>
        new(cloud, voxelSizeM, voxelOfPoint, clusters.ClusterOf, cluster);

    /// <summary>
    /// The vertex of a high-energy pair (<see cref="PairVertex"/>): the end of the main cluster's unpruned skeleton (so that
    /// a short stem, the leptons still overlapping, keeps its end) from which the event's charge lies straight ahead, moved
    /// back to the stem's rearmost charge, with its stem's charge per length (<see cref="TwoTrackStem"/>). (Candidates from
    /// the next largest clusters too were measured in issue 10 round 6 and removed: no gain on generated pairs.)
    /// </summary>
    /// <param name="skeleton">The unpruned tree over every voxel of <paramref name="cluster"/> (null: too few voxels to build one).</param>
    /// <param name="unpruned">That tree when it is built already (null: built here).</param>
    private static ProngSplit? ConeVertex(VoxelAdjacency cluster, ConnectedClusters clusters, TopologySettings settings, Skeleton? unpruned, out Skeleton? skeleton)
    {
        skeleton = null;
        var grid = cluster.Grid;
        if (grid.Count < 3) return null;
        skeleton = unpruned ?? new Skeleton(grid, AllVoxels(grid.Count), 0);
        if (PairVertex.Find(grid, skeleton, clusters, settings.VertexStemMm * 1e-3, settings.VertexConeCellMm * 1e-3,
            settings.VertexConeCoarseCellMm * 1e-3, settings.VertexConeRescored, TwoTrackCue(settings)) is not { } apex) return null;
        var vertex = PairVertex.Rearmost(grid, apex.Position, apex.Direction, settings.VertexRearReachMm * 1e-3, settings.VertexRearWidthMm * 1e-3);
        // The leptons of a narrow pair often never part on the pixels: their stem's charge per length still shows two tracks.
        var stem = TwoTrackStem.From(settings);
        double mips = stem.Mips(grid, vertex, apex.Direction);
        return ProngSplit.Find(cluster, vertex, settings) with { ConeAxis = apex.Direction, StemMips = mips, TwoTrackStem = stem.IsTwoTracks(mips) };
    }

    /// <summary>
    /// The upstream end of the whole event (<see cref="EventVertex"/>): every end of every cluster holding at least
    /// <see cref="TopologySettings.VertexEventClusterMinChargeFraction"/> of the charge, the one that sees the most of the
    /// event ahead (<see cref="EventVertex.Search.Score"/>). Null without an end.
    /// </summary>
    internal static ProngSplit? AtEventVertex(ChargeCloud cloud, ReadOnlySpan<int> voxelOfPoint, VoxelGrid eventGrid, VoxelAdjacency mainCluster,
        ConnectedClusters clusters, EventVertex.Search search, TopologySettings settings)
    {
        int candidates = EventVertex.CandidateClusters(clusters, search);
        var grids = new VoxelGrid[candidates];
        grids[0] = mainCluster.Grid;
        for (int c = 1; c < candidates; c++) grids[c] = ClusterGrid(cloud, voxelOfPoint, clusters, c, mainCluster.Grid.VoxelSizeM);
        if (EventVertex.Best(EventVertex.Ends(grids, search), eventGrid, search) is not { } end) return null;
        var own = end.Cluster == 0 ? mainCluster : new VoxelAdjacency(grids[end.Cluster]);
        return EventVertex.Split(end, own, settings);
    }

    /// <summary>The cone vertex's two-track cue from the settings (lengths in m, charge per m); null (not computed) at weight 0.</summary>
    public static PairVertex.TwoTrackCue? TwoTrackCue(TopologySettings settings) => !(settings.VertexTwoTrackWeight > 0) ? null :
        new(settings.VertexStemChargeFromMm * 1e-3, settings.VertexStemChargeToMm * 1e-3, settings.VertexStemChargeRadiusMm * 1e-3,
            settings.VertexMipElectronsPerMm * 1e3, settings.VertexTwoTrackWeight);

    private static int[] AllVoxels(int n)
    {
        var all = new int[n];
        for (int v = 0; v < n; v++) all[v] = v;
        return all;
    }

    private static (int, double, double) Rank(ProngSplit s) =>
        (s.SignificantProngs == 2 ? 0 : s.SignificantProngs > 2 ? 1 : 2, s.RadiusM, -Math.Min(s.ChargeA, s.ChargeB));

    /// <summary>The node of the longest path farthest from the straight line joining its ends.</summary>
    private static int Apex(Skeleton skeleton)
    {
        var path = skeleton.LongestPath;
        var a = skeleton.Nodes[path[0]];
        var axis = (skeleton.Nodes[path[^1]] - a).Normalized();
        int best = path[path.Count / 2];
        double bestDistance = -1;
        foreach (var n in path)
        {
            var d = skeleton.Nodes[n] - a;
            double off = (d - d.Dot(axis) * axis).Length;
            if (off > bestDistance) { bestDistance = off; best = n; }
        }
        return best;
    }
}
