using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The conversion point of a shower-like pair: the upstream end of the whole event. A 50 MeV pair's leptons radiate within
/// their first cm; the leptons' track breaks into pieces on the pixels and the brems convert centimetres ahead, so the
/// charge-heaviest connected cluster is often a piece downstream, and none of its ends is the apex (round 5 of issue 10:
/// in 13 of 14 generated 50 MeV far-end misses the nearest main-cluster end was 48-1541 mm from the apex). When the main
/// cluster holds only a minority of the charge, every end of every significant cluster is a candidate, and the vertex is
/// the end from which the most of the event's charge lies in a forward cone around its stem: seen from the conversion
/// point the whole event is boosted ahead; seen from the end of a downstream piece the upstream charge lies behind, and
/// from a piece off to the side much of the event lies outside the cone.
/// The event is the main cluster's group: pieces linked through charge within a link length of each other
/// (<see cref="Group"/>). A piece hundreds of mm from every other charge is another photon's interaction (a brem or
/// annihilation photon scattered back), and from its end the whole event fits in any cone: it is neither a candidate nor
/// counted (round 10: the PENELOPE T1332400307 and T1332701290 far ends).
/// Cost: one unpruned skeleton per candidate cluster (linear in its voxels), every end against a coarse map of the whole
/// event, then the best few against the fine map (as <see cref="PairVertex.Find(VoxelGrid, Skeleton, ConnectedClusters?, double, double, double, int, PairVertex.TwoTrackCue?)"/>).
/// </summary>
public static class EventVertex
{
    /// <summary>One candidate end of a cluster: its position, its stem's direction into the cluster, and the charge fraction ahead.</summary>
    public readonly record struct End(int Cluster, Vec3 Position, Vec3 Direction, double Ahead);

    /// <summary>What the search reads from the settings (lengths in m).</summary>
    /// <param name="MainMaxFraction">The search runs only when the main cluster holds less than this share of the event's charge (0: never).</param>
    /// <param name="ClusterMinFraction">A cluster's ends are candidates when it holds at least this share.</param>
    /// <param name="CosCone">Cosine of the forward cone's half-angle.</param>
    /// <param name="GroupLinkM">Side of the cells whose touching ones link clusters into the event's group (0: every cluster is the event).</param>
    public sealed record Search(double MainMaxFraction, double ClusterMinFraction, double CosCone, double StemM, double CellM, double CoarseCellM, int Rescored,
        double GroupLinkM)
    {
        public static Search From(TopologySettings s) => new(s.VertexEventMainMaxFraction, s.VertexEventClusterMinChargeFraction,
            Math.Cos(s.VertexEventConeHalfAngleDeg * Math.PI / 180), s.VertexStemMm * 1e-3, s.VertexConeCellMm * 1e-3,
            s.VertexConeCoarseCellMm * 1e-3, s.VertexConeRescored, s.VertexEventGroupLinkMm * 1e-3);

        /// <summary>Whether the main cluster is a minority of the event's charge (the search runs); <paramref name="inGroup"/> null: every cluster is the event.</summary>
        public bool Applies(ConnectedClusters clusters, bool[]? inGroup = null)
        {
            if (!(MainMaxFraction > 0) || clusters.Count < 2) return false;
            return clusters.Charge[0] < MainMaxFraction * GroupCharge(clusters, inGroup);
        }
    }

    private static double GroupCharge(ConnectedClusters clusters, bool[]? inGroup)
    {
        double total = 0;
        for (int c = 0; c < clusters.Count; c++)
            if (inGroup is null || inGroup[c]) total += clusters.Charge[c];
        return total;
    }

    /// <summary>
    /// The clusters of the main cluster's group: cells of <see cref="Search.GroupLinkM"/> that touch (26-neighbourhood) link
    /// the clusters in them, so pieces less than one cell apart are always one group and pieces more than 2 sqrt(3) cells
    /// apart never are (through no chain of others). Null when off or when every cluster is in the group.
    /// </summary>
    public static bool[]? Group(VoxelGrid eventGrid, ConnectedClusters clusters, Search search)
    {
        if (!(search.GroupLinkM > 0)) return null;
        var cells = eventGrid.Coarsened(search.GroupLinkM);
        var linked = new ConnectedClusters(cells);
        int main = -1;
        for (int v = 0; v < eventGrid.Count && main < 0; v++)
            if (clusters.ClusterOf[v] == 0) main = linked.ClusterOf[cells.FindContaining(eventGrid.Centroid(v))];
        var inGroup = new bool[clusters.Count];
        for (int v = 0; v < eventGrid.Count; v++)
        {
            int c = clusters.ClusterOf[v];
            if (c >= 0 && linked.ClusterOf[cells.FindContaining(eventGrid.Centroid(v))] == main) inGroup[c] = true;
        }
        foreach (bool b in inGroup) if (!b) return inGroup;
        return null;
    }

    /// <summary>
    /// The number of leading clusters among which the candidates are (those of the group holding at least
    /// <see cref="Search.ClusterMinFraction"/> of its charge; use <see cref="IsCandidate"/> within them).
    /// </summary>
    public static int CandidateClusters(ConnectedClusters clusters, Search search, bool[]? inGroup = null)
    {
        double total = GroupCharge(clusters, inGroup);
        // Clusters are numbered by falling charge: the first of the group below the share ends the list.
        int c = 0, last = 0;
        for (; c < clusters.Count; c++)
        {
            if (inGroup is not null && !inGroup[c]) continue;
            if (clusters.Charge[c] < search.ClusterMinFraction * total) break;
            last = c + 1;
        }
        return Math.Max(1, last);
    }

    /// <summary>Whether cluster <paramref name="c"/> (below <see cref="CandidateClusters"/>) gives candidates: it is in the group.</summary>
    public static bool IsCandidate(int c, bool[]? inGroup) => inGroup is null || inGroup[c];

    /// <summary>
    /// Every end of the candidate clusters' unpruned skeletons, with its stem's direction (cone fractions not yet scored).
    /// <paramref name="clusterGrids"/>[c] is cluster c's charge at the vertex voxel size.
    /// </summary>
    /// <remarks>A null grid (a cluster outside the event's group) gives no ends.</remarks>
    public static List<End> Ends(IReadOnlyList<VoxelGrid?> clusterGrids, Search search)
    {
        var ends = new List<End>();
        for (int c = 0; c < clusterGrids.Count; c++)
        {
            var grid = clusterGrids[c];
            if (grid is null || grid.Count < 3) continue;
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
    /// The end with the most charge ahead: all ends against a map of the whole event in coarse cells, the best
    /// <see cref="Search.Rescored"/> again in fine cells. Null without an end.
    /// </summary>
    /// <param name="eventGrid">Every voxel of the event (all clusters).</param>
    public static End? Best(List<End> ends, VoxelGrid eventGrid, Search search)
    {
        if (ends.Count == 0) return null;
        var scored = new List<End>(ends);
        if (scored.Count > search.Rescored)
        {
            ScoreAhead(scored, eventGrid, search.CoarseCellM, search.CosCone);
            // Stable order for equal scores: the ends' list order (cluster, then skeleton end order).
            var order = Enumerable.Range(0, scored.Count).ToArray();
            var keys = scored.ToArray();
            Array.Sort(order, (a, b) => keys[b].Ahead != keys[a].Ahead ? keys[b].Ahead.CompareTo(keys[a].Ahead) : a.CompareTo(b));
            scored = [.. order.Take(search.Rescored).Select(i => keys[i])];
        }
        ScoreAhead(scored, eventGrid, search.CellM, search.CosCone);
        End? best = null;
        foreach (var e in scored)
            if (best is null || e.Ahead > best.Value.Ahead) best = e;
        return best;
    }

    /// <summary>Sets each end's <see cref="End.Ahead"/>: the share of the event's charge (cells of <paramref name="cellM"/>) within the cone around its direction.</summary>
    public static void ScoreAhead(List<End> ends, VoxelGrid eventGrid, double cellM, double cosCone)
    {
        var map = eventGrid.Coarsened(cellM);
        var cells = ArrayPool<Vec3>.Shared.Rent(map.Count);
        var charge = ArrayPool<double>.Shared.Rent(map.Count);
        try
        {
            for (int c = 0; c < map.Count; c++) { cells[c] = map.Centroid(c); charge[c] = map.Charge(c); }
            for (int i = 0; i < ends.Count; i++)
                ends[i] = ends[i] with { Ahead = AheadFraction(ends[i], cells.AsSpan(0, map.Count), charge.AsSpan(0, map.Count), cellM, cosCone) };
        }
        finally
        {
            ArrayPool<Vec3>.Shared.Return(cells);
            ArrayPool<double>.Shared.Return(charge);
        }
    }

    /// <summary>Charge of the cells within the cone over the charge of all cells (cells within one cell of the end carry no direction).</summary>
    private static double AheadFraction(End end, ReadOnlySpan<Vec3> cells, ReadOnlySpan<double> charge, double cellM, double cosCone)
    {
        double ahead = 0, total = 0;
        for (int k = 0; k < cells.Length; k++)
        {
            var r = cells[k] - end.Position;
            double length = r.Length;
            if (length < cellM) continue;
            total += charge[k];
            if (r.Dot(end.Direction) >= cosCone * length) ahead += charge[k];
        }
        return total > 0 ? ahead / total : 0;
    }
}
