using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// Where a track starts, read from its skeleton and charge. An electron starts straight and thin (one minimum-ionising
/// track leaving one way) and stops dense and curled (the Bragg end). So, of the two ends of the skeleton's longest
/// path, the one with the less charge around it is the start.
/// A pair's vertex is where the track folds back on itself (both leptons leave the same way).
/// </summary>
public static class TrackEnds
{
    /// <summary>A node of the longest path and the angle between its two arms, degrees.</summary>
    public readonly record struct FoldPoint(int Node, double AngleDeg);

    /// <summary>Charge of the voxels whose centroid lies within <paramref name="radiusM"/> of a point (cube of cells around it, no scan).</summary>
    public static double ChargeWithin(VoxelGrid grid, Vec3 centre, double radiusM) => ChargeAhead(grid, centre, default, radiusM).All;

    /// <summary>
    /// The charge within <paramref name="radiusM"/> of a point, and the part of it ahead of the point along the unit
    /// <paramref name="axis"/> (a zero axis: half of it). The voxel at the point belongs to both sides: half ahead.
    /// </summary>
    public static (double Ahead, double All) ChargeAhead(VoxelGrid grid, Vec3 centre, Vec3 axis, double radiusM)
    {
        double inv = 1 / grid.VoxelSizeM;
        int reach = (int)Math.Ceiling(radiusM * inv) + 1;
        int ci = (int)Math.Floor(centre.X * inv), cj = (int)Math.Floor(centre.Y * inv), ck = (int)Math.Floor(centre.Z * inv);
        double r2 = radiusM * radiusM, ahead = 0, all = 0, side = 0.25 * grid.VoxelSizeM;
        for (int i = ci - reach; i <= ci + reach; i++)
            for (int j = cj - reach; j <= cj + reach; j++)
                for (int k = ck - reach; k <= ck + reach; k++)
                {
                    int v = grid.Find(i, j, k);
                    if (v < 0) continue;
                    var d = grid.Centroid(v) - centre;
                    if (d.Dot(d) > r2) continue;
                    double q = grid.Charge(v), along = d.Dot(axis);
                    all += q;
                    ahead += along > side ? q : along > -side ? 0.5 * q : 0;
                }
        return (ahead, all);
    }

    /// <summary>
    /// Of the two ends of the skeleton's longest path, the one with the least charge within <paramref name="radiusM"/>
    /// (the start), or null without a path. Only the longest path's ends: the tips of side twigs (delta rays, noise
    /// pixels) can be sparser than the start without being it.
    /// </summary>
    /// <param name="grid">The charge (voxel centroids), at any voxel size.</param>
    public static int? SparsestEnd(VoxelGrid grid, Skeleton skeleton, double radiusM)
    {
        var path = skeleton.LongestPath;
        if (path.Count == 0) return null;
        int a = path[0], b = path[^1];
        return ChargeWithin(grid, skeleton.Nodes[a], radiusM) <= ChargeWithin(grid, skeleton.Nodes[b], radiusM) ? a : b;
    }

    /// <summary>
    /// The node of the longest path whose two arms (chords to the path points one arm length away on either side)
    /// make the smallest angle, or null when no node has two arms. Linear in the path length (two moving pointers).
    /// </summary>
    /// <param name="minStraightness">Both arms must have chord / path length at least this: a pair's leptons leave the vertex
    /// straight (they are at their highest energy there), while the sharp folds of a curling slow electron are not.</param>
    public static FoldPoint? Fold(Skeleton skeleton, double armM, double minStraightness = 0)
    {
        var path = skeleton.LongestPath;
        int m = path.Count;
        if (m < 3) return null;
        var arc = new double[m];
        for (int i = 1; i < m; i++) arc[i] = arc[i - 1] + (skeleton.Nodes[path[i]] - skeleton.Nodes[path[i - 1]]).Length;
        FoldPoint? best = null;
        double bestCos = double.NegativeInfinity;
        int back = 0, ahead = 0;
        for (int i = 0; i < m; i++)
        {
            if (arc[i] < armM) continue;
            if (arc[m - 1] - arc[i] < armM) break;
            while (back + 1 < i && arc[i] - arc[back + 1] >= armM) back++;
            if (ahead < i) ahead = i;
            while (ahead < m - 1 && arc[ahead] - arc[i] < armM) ahead++;
            var node = skeleton.Nodes[path[i]];
            var backArm = skeleton.Nodes[path[back]] - node;
            var aheadArm = skeleton.Nodes[path[ahead]] - node;
            if (backArm.Length < minStraightness * (arc[i] - arc[back]) || aheadArm.Length < minStraightness * (arc[ahead] - arc[i])) continue;
            double cos = backArm.Normalized().Dot(aheadArm.Normalized());
            if (cos > bestCos)
            {
                bestCos = cos;
                best = new FoldPoint(path[i], Math.Acos(Math.Clamp(cos, -1, 1)) * 180 / Math.PI);
            }
        }
        return best;
    }
}
