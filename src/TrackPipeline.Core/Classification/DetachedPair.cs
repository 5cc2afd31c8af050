using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// A V among the detached clusters. A photon that Compton-scatters first leaves its recoil electron as one cluster and
/// converts somewhere else: the pair's V is then in another cluster than the biggest one (the main track), which the
/// main-track features never look at. For each detached cluster above a charge gate, the same V-ness the main track is
/// measured by: its vertex found as on the main track (the fold of its skeleton, else its sparsest end), the prongs that
/// separate there (two arms from one apex), and the stem's charge per length along the arms' mean direction in MIPs (two
/// leptons not yet parted carry two). The event keeps the best V: its score (two arms: 1, plus the stem's MIPs over two,
/// at most 1), its share of the event's charge and its distance from the main cluster.
/// Cost: one pass over the grid's voxels to gather the candidate clusters, then per candidate (at most
/// <c>Classifier:DetachedVMaxClusters</c>) a grid, an adjacency, a skeleton and a prong split of its own voxels:
/// near-linear in the voxels, on the clusters the topology stage already numbered (no re-clustering).
/// </summary>
public readonly record struct DetachedPair(double Score, double StemMips, double OpeningAngleDeg, double ChargeFraction, double DistanceMm)
{
    /// <summary>No detached cluster above the gate: every feature -1.</summary>
    public static readonly DetachedPair None = new(-1, -1, -1, -1, -1);

    /// <summary>A stem of two minimum-ionising tracks: the pair's two leptons before they part.</summary>
    private const double TwoTracks = 2;

    /// <param name="clusters">Every cluster of the whole cloud's voxel grid at the pitch, cluster 0 the main one (the topology stage's).</param>
    /// <param name="minChargeFraction">A detached cluster is examined when it holds at least this share of the event's charge.</param>
    /// <param name="maxClusters">At most this many detached clusters are examined, the largest first.</param>
    public static DetachedPair Measure(ConnectedClusters clusters, double minChargeFraction, int maxClusters, TopologySettings topology)
    {
        if (clusters.Count < 2 || maxClusters < 1) return None;
        var grid = clusters.Grid;
        double total = grid.TotalCharge();
        double gate = Math.Max(topology.SignificantMinElectrons, minChargeFraction * total);
        // Clusters are numbered by falling charge: the candidates are 1..last.
        int last = 0;
        while (last + 1 < clusters.Count && last < maxClusters && clusters.Charge[last + 1] >= gate) last++;
        if (last == 0) return None;

        var voxels = new List<int>[last];
        for (int c = 0; c < last; c++) voxels[c] = new List<int>(clusters.VoxelCount[c + 1]);
        for (int v = 0; v < grid.Count; v++)
        {
            int c = clusters.ClusterOf[v];
            if (c >= 1 && c <= last) voxels[c - 1].Add(v);
        }

        var stem = TwoTrackStem.From(topology);
        var best = None;
        for (int c = 1; c <= last; c++)
        {
            var own = voxels[c - 1];
            if (own.Count < 3) continue;
            var v = Of(grid, own, stem, topology);
            if (v is not { } found) continue;
            double distanceMm = (clusters.Centroid[c] - clusters.Centroid[0]).Length * 1e3;
            var candidate = found with { ChargeFraction = clusters.Charge[c] / total, DistanceMm = distanceMm };
            if (candidate.Score > best.Score) best = candidate;
        }
        return best;
    }

    /// <summary>The V-ness of one cluster's voxels (score, stem, opening angle); null when it has no skeleton to find a vertex on.</summary>
    private static DetachedPair? Of(VoxelGrid grid, List<int> voxels, TwoTrackStem stem, TopologySettings topology)
    {
        // The cluster alone, binned at the same pitch (each voxel's centroid lies in its own voxel): the prong split and the stem see no other cluster.
        using var points = new PooledPoints(voxels.Count);
        foreach (int v in voxels)
        {
            var p = grid.Centroid(v);
            points.Add(p.X, p.Y, p.Z, grid.Charge(v));
        }
        var own = new VoxelGrid(points.Cloud, grid.VoxelSizeM);
        var all = new int[own.Count];
        for (int v = 0; v < all.Length; v++) all[v] = v;
        var skeleton = new Skeleton(own, all, topology.PruneLengthMm * 1e-3);
        if (ShapeAnalysis.EstimateVertex(new VoxelAdjacency(own), skeleton, topology) is not { } split) return null;
        bool twoArms = split.SignificantProngs >= 2;
        // Into the cluster from the vertex: between the two arms, or towards the charge when they did not part.
        var axis = twoArms ? (split.DirectionA + split.DirectionB).Normalized() : (Centroid(own) - split.Vertex).Normalized();
        double mips = axis == Vec3.Zero ? 0 : stem.Mips(own, split.Vertex, axis);
        if (!double.IsFinite(mips)) mips = 0;
        double score = (twoArms ? 1 : 0) + Math.Min(mips / TwoTracks, 1);
        return new DetachedPair(score, mips, split.OpeningAngleDeg ?? -1, 0, 0);
    }

    private static Vec3 Centroid(VoxelGrid grid)
    {
        var sum = Vec3.Zero;
        double q = 0;
        for (int v = 0; v < grid.Count; v++) { sum += grid.Charge(v) * grid.Centroid(v); q += grid.Charge(v); }
        return q > 0 ? (1 / q) * sum : sum;
    }
}
