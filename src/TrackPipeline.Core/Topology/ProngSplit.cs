using System.Runtime.CompilerServices;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The prongs leaving a vertex: the cluster's voxels outside a sphere around the vertex fall apart into
/// connected pieces; each piece that reaches back to the sphere is a prong. The sphere grows through a list
/// of radii until at least two significant prongs separate (a narrow V only splits some mm out).
/// Each prong's direction is the line fit of its first few mm beyond the sphere, pointing away from the vertex.
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
    /// <summary>
    /// The direction into the event the vertex was found with (the cone vertex's stem, <see cref="PairVertex"/>), which
    /// tells forward from backward for the photon's line; zero for a vertex found otherwise.
    /// </summary>
    public Vec3 ConeAxis { get; init; }

    /// <summary>Charge per length of the stem along <see cref="ConeAxis"/>, in minimum-ionising tracks (<see cref="TwoTrackStem"/>; 0 when not read).</summary>
    public double StemMips { get; init; }

    /// <summary>The stem carries two tracks' charge: a pair whose leptons have not parted (<see cref="TwoTrackStem"/>).</summary>
    public bool TwoTrackStem { get; init; }

    /// <summary>
    /// The connected cluster the vertex lies in (<see cref="ConnectedClusters"/> numbering at the topology's linking length:
    /// 0 the main one; another only from <see cref="EventVertex"/>); the reconstruction fits the pair in that cluster's charge.
    /// </summary>
    public int Cluster { get; init; }

    /// <summary>A pair seen at this vertex: two prongs separate, or the stem carries two tracks.</summary>
    public bool PairSeen => SignificantProngs >= 2 || TwoTrackStem;

    /// <summary>min(Qa, Qb) / max(Qa, Qb) of the two largest prongs; 0 when fewer than two separate.</summary>
    public double Symmetry => SignificantProngs >= 2 && Math.Max(ChargeA, ChargeB) > 0 ? Math.Min(ChargeA, ChargeB) / Math.Max(ChargeA, ChargeB) : 0;

    /// <summary>Angle between the two largest prongs, degrees; null when fewer than two separate.</summary>
    public double? OpeningAngleDeg => SignificantProngs >= 2
        ? Math.Acos(Math.Clamp(DirectionA.Dot(DirectionB), -1, 1)) * 180 / Math.PI
        : null;

    /// <summary>
    /// Splits the voxels of <paramref name="cluster"/> (a grid holding one cluster) at every search radius in a
    /// single pass: voxels are added from the farthest inwards with union-find, and the pieces are read off each
    /// time the sweep crosses a radius. Returns the split at the smallest radius where two prongs separate, or the
    /// split with the most prongs.
    /// </summary>
    public static ProngSplit Find(VoxelAdjacency cluster, Vec3 vertex, TopologySettings settings)
    {
        var grid = cluster.Grid;
        int n = grid.Count;
        var distance = new double[n];
        var order = new int[n];
        double clusterCharge = 0;
        for (int v = 0; v < n; v++)
        {
            distance[v] = (grid.Centroid(v) - vertex).Length;
            order[v] = v;
            clusterCharge += grid.Charge(v);
        }
        var keys = (double[])distance.Clone();
        Array.Sort(keys, order);                      // ascending distance; the sweep walks it backwards

        var radii = settings.ProngSearchRadiiMm.Select(r => r * 1e-3).OrderByDescending(r => r).ToArray();
        var parent = new int[n];
        var charge = new double[n];
        var nearest = new double[n];
        var added = new bool[n];
        double minProngCharge = settings.ProngMinChargeFraction * clusterCharge;
        double touchMargin = 2 * grid.VoxelSizeM;
        double directionLength = settings.ProngDirectionLengthMm * 1e-3;

        var splits = new List<ProngSplit>(radii.Length);
        int next = n - 1;
        foreach (var r in radii)
        {
            for (; next >= 0 && keys[next] > r; next--) Add(order[next]);
            splits.Add(ReadSplit(r));
        }
        // The smallest radius where two prongs separate; else the radius showing the most prongs.
        return splits.Where(s => s.SignificantProngs >= 2).MinBy(s => s.RadiusM)
            ?? splits.OrderByDescending(s => s.SignificantProngs).ThenBy(s => s.RadiusM).FirstOrDefault()
            ?? new ProngSplit(vertex, 0, 0, 0, 0, Vec3.Zero, Vec3.Zero);

        void Add(int v)
        {
            added[v] = true;
            parent[v] = v;
            charge[v] = grid.Charge(v);
            nearest[v] = distance[v];
            foreach (var u in cluster.Of(v))
            {
                if (!added[u]) continue;
                int a = Root(v), b = Root(u);
                if (a == b) continue;
                parent[b] = a;
                charge[a] += charge[b];
                nearest[a] = Math.Min(nearest[a], nearest[b]);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        int Root(int v)
        {
            while (parent[v] != v) { parent[v] = parent[parent[v]]; v = parent[v]; }
            return v;
        }

        ProngSplit ReadSplit(double r)
        {
            int count = 0, first = -1, second = -1;
            for (int i = n - 1; i > next; i--)
            {
                int v = order[i];
                if (parent[v] != v) continue;         // one visit per piece: at its root
                if (charge[v] < minProngCharge || nearest[v] > r + touchMargin) continue;
                count++;
                if (first < 0 || charge[v] > charge[first]) { second = first; first = v; }
                else if (second < 0 || charge[v] > charge[second]) second = v;
            }
            var dirA = first >= 0 ? InitialDirection(first, r) : Vec3.Zero;
            var dirB = second >= 0 ? InitialDirection(second, r) : Vec3.Zero;
            return new ProngSplit(vertex, r, count, first >= 0 ? charge[first] : 0, second >= 0 ? charge[second] : 0, dirA, dirB);
        }

        // The principal axis of the prong's voxels within the direction length beyond the sphere.
        Vec3 InitialDirection(int root, double r)
        {
            var near = new List<int>();
            for (int i = next + 1; i < n && keys[i] <= r + directionLength; i++)
                if (Root(order[i]) == root) near.Add(order[i]);
            if (near.Count == 0) return Vec3.Zero;
            var centroid = Vec3.Zero;
            double q = 0;
            foreach (var v in near) { q += grid.Charge(v); centroid += grid.Charge(v) * grid.Centroid(v); }
            var outward = ((1 / q) * centroid - vertex).Normalized();
            if (near.Count < 3) return outward;
            var axis = PrincipalAxes.Of(grid, near).Axis1;
            return axis.Dot(outward) >= 0 ? axis : -1 * axis;
        }
    }
}
