using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The vertex of a high-energy pair, read from where the event's charge lies. Above ~10 MeV the pair and everything it
/// makes (the leptons, their brems converting cm ahead) is boosted along the photon: seen from the vertex, the whole
/// event lies in a narrow forward cone, and the vertex is where the track starts straight (two nearly collinear
/// leptons, one stem) and points into that cone. From a lepton's stopping end the local direction is scattered
/// and the event is not ahead of it; from a point inside a track, half the charge lies behind.
/// So each end of a cluster's skeleton is a candidate (the main cluster's, and those of the next largest: ShapeAnalysis.ConeVertex); its local direction is the line fitted to the charge
/// along the skeleton within a stem length; its score is the charge-weighted mean cosine between that direction and
/// the directions to every bit of the event's charge (main cluster and detached clusters, binned coarsely): 1 when
/// all charge lies straight ahead, 0 when it is spread around, negative when it lies behind.
/// The cone alone cannot tell the two ends of one straight lepton apart (from its far end the track itself lies straight
/// ahead), so the best few ends also carry the two-track cue (<see cref="TwoTrackCue"/>): the charge per length of their
/// stem, which is two minimum-ionising tracks at a pair's apex and one at a lepton's far end.
/// Cost: every end walks one stem length of the skeleton (ends x nodes within the stem, flat rows); the score runs every
/// end against a coarse map, then the best few (four per vector) against the fine map, and the stem charge of each reads
/// only its slab of voxels (<see cref="VoxelSlabs"/>).
/// </summary>
public static class PairVertex
{
    /// <summary>One candidate: a skeleton end, its local direction (into the track) and its forward score.</summary>
    /// <param name="Forward">Charge-weighted mean cosine between the candidate's direction and the directions to the event's charge.</param>
    /// <param name="StemMips">Charge per length of its stem in minimum-ionising tracks (<see cref="TwoTrackCue"/>; 0 when not measured).</param>
    /// <param name="Score">What the vertex is chosen by: <see cref="Forward"/> plus the two-track cue's bonus.</param>
    public readonly record struct Candidate(int Node, Vec3 Position, Vec3 Direction, double Forward, double StemMips = 0, double Score = 0);

    /// <summary>
    /// The apex of a pair is where two tracks merge: over its first mm both leptons (each minimum-ionising at these
    /// energies) lie in one stem, so the stem holds twice a single track's charge per length; a lepton's far end is one
    /// track. The charge within <paramref name="RadiusM"/> of the candidate's axis between <paramref name="FromM"/> and
    /// <paramref name="ToM"/> along it (past the end's first mm, where a stopping electron's Bragg blob sits), per length,
    /// in units of <paramref name="MipElectronsPerM"/>; capped at two tracks (more is a Bragg blob or a brem crossing,
    /// not more evidence of a pair) and added to the cone score as <paramref name="Weight"/> x min(mips / 2, 1).
    /// </summary>
    public sealed record TwoTrackCue(double FromM, double ToM, double RadiusM, double MipElectronsPerM, double Weight)
    {
        private const double TwoTracks = 2;

        /// <summary>Charge per length along the stem in minimum-ionising tracks (one pass over the voxels).</summary>
        public double StemMips(VoxelGrid main, Vec3 position, Vec3 direction)
        {
            double charge = 0;
            for (int v = 0; v < main.Count; v++)
                if (InStem(main.Centroid(v) - position, direction)) charge += main.Charge(v);
            return PerLength(charge);
        }

        /// <summary>
        /// The same number, reading only the slab of voxels that can lie within the stem (a few mm of a track cm long):
        /// the voxels that pass are summed in voxel order, as the pass over every voxel sums them.
        /// </summary>
        public double StemMips(VoxelGrid main, VoxelSlabs slabs, Vec3 position, Vec3 direction)
        {
            var (lo, hi) = slabs.SideBounds(direction, FromM, ToM, RadiusM);
            if (!double.IsFinite(lo) || !double.IsFinite(hi)) return StemMips(main, position, direction);
            double origin = slabs.Coordinate(position);
            var slab = slabs.Slab(origin + lo, origin + hi);
            var inside = ArrayPool<int>.Shared.Rent(Math.Max(1, slab.Length));
            try
            {
                int n = 0;
                foreach (int v in slab)
                    if (InStem(slabs.Centroid(v) - position, direction)) inside[n++] = v;
                var voxels = inside.AsSpan(0, n);
                voxels.Sort();
                double charge = 0;
                foreach (int v in voxels) charge += main.Charge(v);
                return PerLength(charge);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(inside);
            }
        }

        /// <summary>Whether a voxel at <paramref name="d"/> from the end lies in the stretch read: along the axis in [from, to), within the radius of it.</summary>
        private bool InStem(Vec3 d, Vec3 direction)
        {
            double along = d.Dot(direction);
            if (along < FromM || along >= ToM) return false;
            var side = d - along * direction;
            return !(side.Dot(side) > RadiusM * RadiusM);
        }

        private double PerLength(double charge) => charge / (ToM - FromM) / MipElectronsPerM;

        public double Bonus(double stemMips) => Weight * Math.Min(stemMips / TwoTracks, 1);
    }

    /// <summary>Every skeleton endpoint scored against one map of cell <paramref name="cellM"/>; the vertex is the one with the largest <see cref="Candidate.Forward"/>.</summary>
    /// <param name="main">The main cluster's voxels (node a of <paramref name="skeleton"/> is voxel a).</param>
    /// <param name="detached">Centroid and charge of the other clusters (cluster 0, the main one, is skipped).</param>
    /// <param name="stemM">Skeleton path length over which a candidate's direction is fitted.</param>
    /// <param name="cellM">Cell side of the coarse charge map the cone score runs over.</param>
    /// <param name="cue">The two-track cue added to every end's score; null scores the cone alone.</param>
    public static List<Candidate> Score(VoxelGrid main, Skeleton skeleton, ConnectedClusters? detached, double stemM, double cellM, TwoTrackCue? cue = null)
    {
        var candidates = Stems(main, skeleton, stemM);
        Rescore(candidates, main, detached, cellM);
        AddCue(candidates, main, cue);
        return candidates;
    }

    /// <summary>
    /// The best end, in two passes that keep the cost near-linear: every end against a map of <paramref name="coarseCellM"/>
    /// cells (few cells: the score's far part needs only directions), then the best <paramref name="rescored"/> against
    /// the fine map of <paramref name="cellM"/> (the near charge decides between ends mm apart). Null without an end.
    /// </summary>
    public static Candidate? Find(VoxelGrid main, Skeleton skeleton, ConnectedClusters? detached, double stemM, double cellM, double coarseCellM, int rescored,
        TwoTrackCue? cue = null)
    {
        var candidates = Stems(main, skeleton, stemM);
        if (candidates.Count == 0) return null;
        if (candidates.Count > rescored)
        {
            Rescore(candidates, main, detached, coarseCellM);
            candidates.Sort((a, b) => b.Forward.CompareTo(a.Forward));
            candidates.RemoveRange(rescored, candidates.Count - rescored);
        }
        Rescore(candidates, main, detached, cellM);
        AddCue(candidates, main, cue);
        return Best(candidates);
    }

    /// <summary>The best end scored against the fine map alone (every end: cost ends x cells; for scans and tests).</summary>
    public static Candidate? Find(VoxelGrid main, Skeleton skeleton, ConnectedClusters? detached, double stemM, double cellM, TwoTrackCue? cue = null) =>
        Best(Score(main, skeleton, detached, stemM, cellM, cue));

    private static Candidate? Best(List<Candidate> candidates)
    {
        Candidate? best = null;
        foreach (var c in candidates)
            if (best is null || c.Score > best.Value.Score) best = c;
        return best;
    }

    /// <summary>Sets each candidate's stem charge and its final score (the cone score alone without a cue).</summary>
    private static void AddCue(List<Candidate> candidates, VoxelGrid main, TwoTrackCue? cue)
    {
        if (cue is null)
        {
            for (int i = 0; i < candidates.Count; i++) candidates[i] = candidates[i] with { StemMips = 0, Score = candidates[i].Forward + 0 };
            return;
        }
        // Each stem is a few mm of a track cm long: every end reads only its slab of voxels.
        using var slabs = new VoxelSlabs(main);
        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            double mips = cue.StemMips(main, slabs, c.Position, c.Direction);
            candidates[i] = c with { StemMips = mips, Score = c.Forward + cue.Bonus(mips) };
        }
    }

    /// <summary>Each skeleton end with its direction: the line through it fitted to the skeleton nodes within the stem length along the tree.</summary>
    internal static List<Candidate> Stems(VoxelGrid main, Skeleton skeleton, double stemM)
    {
        var candidates = new List<Candidate>(skeleton.Endpoints.Count);
        if (skeleton.Endpoints.Count == 0) return candidates;
        int n = skeleton.Nodes.Length;
        // The cone's skeleton spans every voxel and has about as many ends as twigs: each end walks its own stem length
        // of the tree. So the tree is laid out once in flat rows (each node's neighbours in the skeleton's order, with the
        // edge lengths), and the walk visits the same nodes in the same order as over the skeleton itself.
        var first = ArrayPool<int>.Shared.Rent(n + 1);
        int edges = 0;
        for (int a = 0; a < n; a++) { first[a] = edges; edges += skeleton.Degree(a); }
        first[n] = edges;
        var neighbour = ArrayPool<int>.Shared.Rent(Math.Max(1, edges));
        var step = ArrayPool<double>.Shared.Rent(Math.Max(1, edges));
        var charge = ArrayPool<double>.Shared.Rent(n);
        var seen = ArrayPool<int>.Shared.Rent(n);
        var along = ArrayPool<double>.Shared.Rent(n);
        var stack = ArrayPool<int>.Shared.Rent(n);
        try
        {
            var nodes = skeleton.Nodes;
            for (int a = 0; a < n; a++)
            {
                var around = skeleton.Neighbours(a);
                for (int i = 0; i < around.Count; i++)
                {
                    int b = around[i];
                    neighbour[first[a] + i] = b;
                    step[first[a] + i] = (nodes[b] - nodes[a]).Length;
                }
                charge[a] = main.Charge(a);
            }
            seen.AsSpan(0, n).Fill(-1);
            foreach (var end in skeleton.Endpoints)
            {
                var start = nodes[end];
                double q = 0, xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
                var sum = Vec3.Zero;
                seen[end] = end; along[end] = 0;
                int top = 0;
                stack[top++] = end;
                while (top > 0)
                {
                    int a = stack[--top];
                    var d = nodes[a] - start;
                    double w = charge[a];
                    q += w; sum += w * d;
                    xx += w * d.X * d.X; yy += w * d.Y * d.Y; zz += w * d.Z * d.Z;
                    xy += w * d.X * d.Y; xz += w * d.X * d.Z; yz += w * d.Y * d.Z;
                    for (int e = first[a]; e < first[a + 1]; e++)
                    {
                        int b = neighbour[e];
                        if (seen[b] == end) continue;
                        double s = along[a] + step[e];
                        if (s > stemM) continue;
                        seen[b] = end; along[b] = s;
                        stack[top++] = b;
                    }
                }
                if (!(q > 0) || sum == Vec3.Zero) continue;
                var outward = sum.Normalized();
                var axis = PrincipalAxes.MajorAxis(xx, yy, zz, xy, xz, yz);
                candidates.Add(new Candidate(end, start, axis.Dot(outward) >= 0 ? axis : -1 * axis, 0));
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(first);
            ArrayPool<int>.Shared.Return(neighbour);
            ArrayPool<double>.Shared.Return(step);
            ArrayPool<double>.Shared.Return(charge);
            ArrayPool<int>.Shared.Return(seen);
            ArrayPool<double>.Shared.Return(along);
            ArrayPool<int>.Shared.Return(stack);
        }
        return candidates;
    }

    /// <summary>Sets each candidate's score: the charge-weighted mean cosine to the event's charge binned in cells of <paramref name="cellM"/>.</summary>
    private static void Rescore(List<Candidate> candidates, VoxelGrid main, ConnectedClusters? detached, double cellM)
    {
        if (candidates.Count == 0) return;
        var (cells, cellCharge, count) = CoarseCharge(main, detached, cellM);
        try
        {
            var ends = CollectionsMarshal.AsSpan(candidates);
            var map = cells.AsSpan(0, count);
            var mapCharge = cellCharge.AsSpan(0, count);
            int i = 0;
            // Two ends at once, one per vector lane: each lane sums its own cells in the same order with the same
            // operations as one end alone, so each end's score is the same number. 128-bit vectors, which every x64
            // has: the ahead-of-time compiler settles them, where a Vector256 branch left this to the JIT at tier 0.
            if (Vector128.IsHardwareAccelerated)
                for (; i + 2 <= ends.Length; i += 2) ForwardOfTwo(ends.Slice(i, 2), map, mapCharge, cellM);
            for (; i < ends.Length; i++) ends[i] = ends[i] with { Forward = ForwardOf(ends[i], map, mapCharge, cellM) };
        }
        finally
        {
            ArrayPool<Vec3>.Shared.Return(cells);
            ArrayPool<double>.Shared.Return(cellCharge);
        }
    }

    /// <summary>The charge-weighted mean cosine between the end's direction and the directions to the cells (cells within one cell of the end carry no direction).</summary>
    private static double ForwardOf(Candidate c, ReadOnlySpan<Vec3> cells, ReadOnlySpan<double> cellCharge, double cellM)
    {
        double forward = 0, total = 0;
        for (int k = 0; k < cells.Length; k++)
        {
            var r = cells[k] - c.Position;
            double length = r.Length;
            if (length < cellM) continue;
            forward += cellCharge[k] * r.Dot(c.Direction) / length;
            total += cellCharge[k];
        }
        return total > 0 ? forward / total : 0;
    }

    /// <summary><see cref="ForwardOf"/> of two ends, one per lane (a skipped cell adds +0, which leaves a sum unchanged).</summary>
    private static void ForwardOfTwo(Span<Candidate> two, ReadOnlySpan<Vec3> cells, ReadOnlySpan<double> cellCharge, double cellM)
    {
        var px = Vector128.Create(two[0].Position.X, two[1].Position.X);
        var py = Vector128.Create(two[0].Position.Y, two[1].Position.Y);
        var pz = Vector128.Create(two[0].Position.Z, two[1].Position.Z);
        var dx = Vector128.Create(two[0].Direction.X, two[1].Direction.X);
        var dy = Vector128.Create(two[0].Direction.Y, two[1].Direction.Y);
        var dz = Vector128.Create(two[0].Direction.Z, two[1].Direction.Z);
        var near = Vector128.Create(cellM);
        var forward = Vector128<double>.Zero;
        var total = Vector128<double>.Zero;
        for (int k = 0; k < cells.Length; k++)
        {
            var rx = Vector128.Create(cells[k].X) - px;
            var ry = Vector128.Create(cells[k].Y) - py;
            var rz = Vector128.Create(cells[k].Z) - pz;
            var length = Vector128.Sqrt(rx * rx + ry * ry + rz * rz);
            var counted = ~Vector128.LessThan(length, near);
            var q = Vector128.Create(cellCharge[k]);
            forward += counted & (q * (rx * dx + ry * dy + rz * dz) / length);
            total += counted & q;
        }
        for (int lane = 0; lane < 2; lane++)
        {
            double f = forward.GetElement(lane), t = total.GetElement(lane);
            two[lane] = two[lane] with { Forward = t > 0 ? f / t : 0 };
        }
    }

    /// <summary>
    /// The rearmost charge of the stem: a skeleton end found a few mm down the stem (a zig-zag twig) is moved back to the
    /// voxel within <paramref name="reachM"/> of it and <paramref name="widthM"/> of its axis that lies farthest back
    /// along its direction: the vertex is where the charge begins.
    /// </summary>
    public static Vec3 Rearmost(VoxelGrid main, Vec3 position, Vec3 direction, double reachM, double widthM)
    {
        double inv = 1 / main.VoxelSizeM;
        int reach = (int)Math.Ceiling(reachM * inv) + 1;
        int ci = (int)Math.Floor(position.X * inv), cj = (int)Math.Floor(position.Y * inv), ck = (int)Math.Floor(position.Z * inv);
        var best = position;
        double bestAlong = 0;
        for (int i = ci - reach; i <= ci + reach; i++)
            for (int j = cj - reach; j <= cj + reach; j++)
                for (int k = ck - reach; k <= ck + reach; k++)
                {
                    int v = main.Find(i, j, k);
                    if (v < 0) continue;
                    var d = main.Centroid(v) - position;
                    double along = d.Dot(direction);
                    if (along >= bestAlong || d.Dot(d) > reachM * reachM) continue;
                    if ((d - along * direction).Length > widthM) continue;
                    bestAlong = along;
                    best = main.Centroid(v);
                }
        return best;
    }

    /// <summary>The main cluster's charge summed into cells of side <paramref name="cellM"/> (centroids), then the other clusters (each one point).</summary>
    private static (Vec3[] Cells, double[] Charge, int Count) CoarseCharge(VoxelGrid main, ConnectedClusters? detached, double cellM)
    {
        var coarse = main.Coarsened(cellM);
        int extra = detached is null ? 0 : Math.Max(0, detached.Count - 1);
        int count = coarse.Count + extra;
        var cells = ArrayPool<Vec3>.Shared.Rent(count);
        var charge = ArrayPool<double>.Shared.Rent(count);
        for (int c = 0; c < coarse.Count; c++) { cells[c] = coarse.Centroid(c); charge[c] = coarse.Charge(c); }
        for (int c = 1, k = coarse.Count; detached is not null && c < detached.Count; c++, k++) { cells[k] = detached.Centroid[c]; charge[k] = detached.Charge[c]; }
        return (cells, charge, count);
    }
}
