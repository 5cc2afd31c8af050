using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The conversion point of a shower-like pair: the upstream end of the whole event. A 50 MeV pair's leptons radiate within
/// their first cm; the leptons' track breaks into pieces on the pixels and the brems convert centimetres ahead, so the
/// charge-heaviest connected cluster is often a piece downstream, and none of its ends is the apex (round 5 of issue 10:
/// in 13 of 14 generated 50 MeV far-end misses the nearest main-cluster end was 48-1541 mm from the apex). When the main
/// cluster holds only a minority of the charge, every end of every significant cluster is a candidate, and the vertex is
/// the end from which the event's charge lies most ahead of its stem (<see cref="Search.Score"/>): seen from the conversion
/// point the whole event is boosted ahead; seen from the end of a downstream piece the upstream charge lies behind, and
/// from a piece off to the side much of the event lies outside the cone.
/// Cost: one unpruned skeleton per candidate cluster (linear in its voxels), every end against a coarse map of the whole
/// event, then the best few against the fine map (as <see cref="PairVertex.Find(VoxelGrid, Skeleton, ConnectedClusters?, double, double, double, int, PairVertex.TwoTrackCue?)"/>).
/// </summary>
public static class EventVertex
{
    /// <summary>One candidate end of a cluster: its position, its stem's direction into the cluster, and its score (how much of the event lies ahead).</summary>
    public readonly record struct End(int Cluster, Vec3 Position, Vec3 Direction, double Ahead);

    /// <summary>How an end's view of the event is scored.</summary>
    public enum Scoring
    {
        /// <summary>
        /// The share of the event's charge inside a forward cone (round 9; shipped until session 24). It saturates: from a piece far from the
        /// event every charge fits in the cone (PENELOPE T1332400307: a piece 489 mm away scores 0.955-0.963, the apex 0.925-0.930).
        /// </summary>
        ConeShare,
        /// <summary>
        /// The mean cosine to the event's charge with each charge counted by L / (L + r), r its distance from the end
        /// (L = <see cref="Search.ScaleM"/>), over the event's whole charge: an end with the event ahead and close (the apex)
        /// beats one that sees it ahead from afar, whose score falls as L / r (round 11; shipped since session 24, config/analysis.json).
        /// </summary>
        NearMeanCosine,
    }

    /// <summary>What the search reads from the settings (lengths in m).</summary>
    /// <param name="MainMaxFraction">The search runs only when the main cluster holds less than this share of the event's charge (0: never).</param>
    /// <param name="ClusterMinFraction">A cluster's ends are candidates when it holds at least this share.</param>
    /// <param name="CosCone">Cosine of the forward cone's half-angle (<see cref="Scoring.ConeShare"/>).</param>
    /// <param name="Score">How an end's view of the event is scored.</param>
    /// <param name="ScaleM">The distance scale L of <see cref="Scoring.NearMeanCosine"/>.</param>
    public sealed record Search(double MainMaxFraction, double ClusterMinFraction, double CosCone, double StemM, double CellM, double CoarseCellM, int Rescored,
        Scoring Score = Scoring.ConeShare, double ScaleM = 0)
    {
        public static Search From(TopologySettings s) => new(s.VertexEventMainMaxFraction, s.VertexEventClusterMinChargeFraction,
            Math.Cos(s.VertexEventConeHalfAngleDeg * Math.PI / 180), s.VertexStemMm * 1e-3, s.VertexConeCellMm * 1e-3,
            s.VertexConeCoarseCellMm * 1e-3, s.VertexConeRescored, Enum.Parse<Scoring>(s.VertexEventScore), s.VertexEventScoreLengthMm * 1e-3);

        /// <summary>Whether the main cluster is a minority of the event's charge (the search runs).</summary>
        public bool Applies(ConnectedClusters clusters)
        {
            if (!(MainMaxFraction > 0) || clusters.Count < 2) return false;
            double total = 0;
            for (int c = 0; c < clusters.Count; c++) total += clusters.Charge[c];
            return clusters.Charge[0] < MainMaxFraction * total;
        }
    }

    /// <summary>The number of leading clusters holding at least <see cref="Search.ClusterMinFraction"/> of the event's charge: their ends are the candidates.</summary>
    public static int CandidateClusters(ConnectedClusters clusters, Search search)
    {
        double total = 0;
        for (int c = 0; c < clusters.Count; c++) total += clusters.Charge[c];
        // Clusters are numbered by falling charge: the first below the share ends the list.
        int n = 0;
        while (n < clusters.Count && clusters.Charge[n] >= search.ClusterMinFraction * total) n++;
        return Math.Max(1, n);
    }

    /// <summary>
    /// Every end of the candidate clusters' unpruned skeletons, with its stem's direction (scores not yet set).
    /// <paramref name="clusterGrids"/>[c] is cluster c's charge at the vertex voxel size.
    /// </summary>
    public static List<End> Ends(IReadOnlyList<VoxelGrid> clusterGrids, Search search)
    {
        var ends = new List<End>();
        for (int c = 0; c < clusterGrids.Count; c++)
        {
            var grid = clusterGrids[c];
            if (grid.Count < 3) continue;
            var all = new int[grid.Count];
            for (int v = 0; v < all.Length; v++) all[v] = v;
            foreach (var s in PairVertex.Stems(grid, new Skeleton(grid, all, 0), search.StemM))
                ends.Add(new End(c, s.Position, s.Direction, 0));
        }
        return ends;
    }

    /// <summary>
    /// The vertex at the chosen end, as the cone vertex makes it: moved back to the stem's rearmost charge, its stem's charge
    /// per length read, its prongs split in its own cluster (<paramref name="cluster"/>, the grid of <see cref="End.Cluster"/>).
    /// </summary>
    public static ProngSplit Split(End end, VoxelAdjacency cluster, TopologySettings settings)
    {
        var vertex = PairVertex.Rearmost(cluster.Grid, end.Position, end.Direction, settings.VertexRearReachMm * 1e-3, settings.VertexRearWidthMm * 1e-3);
        var stem = TwoTrackStem.From(settings);
        double mips = stem.Mips(cluster.Grid, vertex, end.Direction);
        return ProngSplit.Find(cluster, vertex, settings) with
        {
            ConeAxis = end.Direction, StemMips = mips, TwoTrackStem = stem.IsTwoTracks(mips), Cluster = end.Cluster,
        };
    }

    /// <summary>
    /// The end that sees the most of the event ahead: all ends against a map of the whole event in coarse cells, the best
    /// <see cref="Search.Rescored"/> again in fine cells. Null without an end.
    /// </summary>
    /// <param name="eventGrid">Every voxel of the event (all clusters).</param>
    public static End? Best(List<End> ends, VoxelGrid eventGrid, Search search)
    {
        if (ends.Count == 0) return null;
        var scored = new List<End>(ends);
        if (scored.Count > search.Rescored)
        {
            ScoreAhead(scored, eventGrid, search.CoarseCellM, search);
            // Stable order for equal scores: the ends' list order (cluster, then skeleton end order).
            var order = Enumerable.Range(0, scored.Count).ToArray();
            var keys = scored.ToArray();
            Array.Sort(order, (a, b) => keys[b].Ahead != keys[a].Ahead ? keys[b].Ahead.CompareTo(keys[a].Ahead) : a.CompareTo(b));
            scored = [.. order.Take(search.Rescored).Select(i => keys[i])];
        }
        ScoreAhead(scored, eventGrid, search.CellM, search);
        End? best = null;
        foreach (var e in scored)
            if (best is null || e.Ahead > best.Value.Ahead) best = e;
        return best;
    }

    /// <summary>Sets each end's <see cref="End.Ahead"/>: its score (<see cref="Search.Score"/>) against the event's charge in cells of <paramref name="cellM"/>.</summary>
    public static void ScoreAhead(List<End> ends, VoxelGrid eventGrid, double cellM, Search search)
    {
        var map = eventGrid.Coarsened(cellM);
        var cells = ArrayPool<Vec3>.Shared.Rent(map.Count);
        var charge = ArrayPool<double>.Shared.Rent(map.Count);
        try
        {
            for (int c = 0; c < map.Count; c++) { cells[c] = map.Centroid(c); charge[c] = map.Charge(c); }
            for (int i = 0; i < ends.Count; i++)
                ends[i] = ends[i] with { Ahead = Score(ends[i], cells.AsSpan(0, map.Count), charge.AsSpan(0, map.Count), cellM, search) };
        }
        finally
        {
            ArrayPool<Vec3>.Shared.Return(cells);
            ArrayPool<double>.Shared.Return(charge);
        }
    }

    /// <summary>An end's score over the cells (cells within one cell of the end carry no direction and are not counted).</summary>
    private static double Score(End end, ReadOnlySpan<Vec3> cells, ReadOnlySpan<double> charge, double cellM, Search search)
    {
        double ahead = 0, total = 0, scale = search.ScaleM, cosCone = search.CosCone;
        for (int k = 0; k < cells.Length; k++)
        {
            var r = cells[k] - end.Position;
            double length = r.Length;
            if (length < cellM) continue;
            double q = charge[k], along = r.Dot(end.Direction);
            total += q;
            if (search.Score == Scoring.NearMeanCosine)
                // The whole charge is the denominator: far charge adds little, so a far end cannot saturate.
                ahead += q * along / length * scale / (scale + length);
            else if (along >= cosCone * length)
                ahead += q;
        }
        return total > 0 ? ahead / total : 0;
    }
}
