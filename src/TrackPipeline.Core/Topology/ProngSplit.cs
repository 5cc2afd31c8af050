using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The prongs leaving a vertex: the cluster's voxels outside a sphere around the vertex fall apart into
/// connected pieces; each piece that reaches back to the sphere is a prong. The sphere grows through a list
/// of radii until at least two significant prongs separate (a narrow V only splits a few mm out).
/// Each prong's direction is the charge-weighted mean direction from the vertex of its first few mm.
/// </summary>
public sealed record ProngSplit(
    Vec3 Vertex,
    double RadiusM,
    int SignificantProngs,
    double ChargeA,
    double ChargeB,
    Vec3 DirectionA,
    Vec3 DirectionB)
{
    /// <summary>min(Qa, Qb) / max(Qa, Qb) of the two largest prongs; 0 when fewer than two separate.</summary>
    public double Symmetry => SignificantProngs >= 2 && Math.Max(ChargeA, ChargeB) > 0 ? Math.Min(ChargeA, ChargeB) / Math.Max(ChargeA, ChargeB) : 0;

    /// <summary>Angle between the two largest prongs, degrees; null when fewer than two separate.</summary>
    public double? OpeningAngleDeg => SignificantProngs >= 2
        ? Math.Acos(Math.Clamp(DirectionA.Dot(DirectionB), -1, 1)) * 180 / Math.PI
        : null;

    public static ProngSplit Find(VoxelGrid grid, IReadOnlyList<int> clusterVoxels, Vec3 vertex, TopologySettings settings)
    {
        double clusterCharge = 0;
        foreach (var v in clusterVoxels) clusterCharge += grid.Charge(v);
        var inCluster = new HashSet<int>(clusterVoxels);
        ProngSplit? best = null;
        foreach (var radiusMm in settings.ProngSearchRadiiMm)
        {
            double r = radiusMm * 1e-3;
            var split = SplitAt(grid, inCluster, clusterCharge, vertex, r, settings);
            best ??= split;
            if (split.SignificantProngs > best.SignificantProngs) best = split;
            if (split.SignificantProngs >= 2) return split;
        }
        return best ?? new ProngSplit(vertex, 0, 0, 0, 0, Vec3.Zero, Vec3.Zero);
    }

    /// <summary>
    /// A prong's direction: the principal axis of its first few mm, pointing away from the vertex. A line fit
    /// rather than the mean direction from the vertex, so that a vertex a voxel off does not bias the angle.
    /// </summary>
    private static Vec3 InitialDirection(VoxelGrid grid, List<int> nearVoxels, Vec3 vertex)
    {
        double q = 0;
        var centroid = Vec3.Zero;
        foreach (var v in nearVoxels) { q += grid.Charge(v); centroid += grid.Charge(v) * grid.Centroid(v); }
        centroid = (1 / q) * centroid;
        var outward = (centroid - vertex).Normalized();
        if (nearVoxels.Count < 3) return outward;
        var axis = PrincipalAxes.Of(grid, nearVoxels).Axis1;
        return axis.Dot(outward) >= 0 ? axis : -1 * axis;
    }

    private static ProngSplit SplitAt(VoxelGrid grid, HashSet<int> inCluster, double clusterCharge, Vec3 vertex, double radius, TopologySettings settings)
    {
        bool Outside(int v) => inCluster.Contains(v) && (grid.Centroid(v) - vertex).Length > radius;
        var pieces = new ConnectedClusters(grid, Outside);
        double touch = radius + 2 * grid.VoxelSizeM;
        double directionReach = radius + settings.ProngDirectionLengthMm * 1e-3;
        var reaches = new bool[pieces.Count];
        var near = new List<int>[pieces.Count];
        for (int v = 0; v < grid.Count; v++)
        {
            int c = pieces.ClusterOf[v];
            if (c < 0) continue;
            double distance = (grid.Centroid(v) - vertex).Length;
            if (distance <= touch) reaches[c] = true;
            if (distance <= directionReach) (near[c] ??= []).Add(v);
        }
        var prongs = new List<(double Charge, Vec3 Direction)>();
        for (int c = 0; c < pieces.Count; c++)
        {
            if (reaches[c] && pieces.Charge[c] >= settings.ProngMinChargeFraction * clusterCharge)
                prongs.Add((pieces.Charge[c], InitialDirection(grid, near[c], vertex)));
        }
        prongs.Sort((a, b) => b.Charge.CompareTo(a.Charge));
        var a0 = prongs.Count > 0 ? prongs[0] : (0, Vec3.Zero);
        var b0 = prongs.Count > 1 ? prongs[1] : (0, Vec3.Zero);
        return new ProngSplit(vertex, radius, prongs.Count, a0.Item1, b0.Item1, a0.Item2, b0.Item2);
    }
}
