using System.Buffers;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// The skeleton of one cluster: the minimum spanning tree of its voxel centroids (26-neighbour edges),
/// with twigs shorter than a pruning length removed. Its endpoints, junctions and longest path give the
/// track length, the number of branches and the straightness.
/// </summary>
public sealed class Skeleton
{
    private readonly List<int>[] _adjacent;
    private readonly bool[] _alive;

    public Skeleton(VoxelGrid grid, IReadOnlyList<int> voxels, double pruneLengthM)
    {
        int n = voxels.Count;
        Nodes = new Vec3[n];
        for (int a = 0; a < n; a++) Nodes[a] = grid.Centroid(voxels[a]);
        _adjacent = new List<int>[n];
        for (int a = 0; a < n; a++) _adjacent[a] = [];
        _alive = new bool[n];
        Array.Fill(_alive, true);
        BuildSpanningTree(grid, voxels);
        _unpruned = !(pruneLengthM > 0);
        Prune(pruneLengthM);
        Measure();
    }

    /// <summary>
    /// <paramref name="tree"/>'s spanning tree (built with pruning 0: nothing removed) pruned at <paramref name="pruneLengthM"/>:
    /// the skeleton that building the tree again over the same voxels gives, without the second Kruskal (its sort is most of a
    /// skeleton's cost). Same nodes, same neighbour lists in the same order, so pruning and measuring run exactly as they would.
    /// </summary>
    public static Skeleton Pruned(Skeleton tree, double pruneLengthM) => new(tree, pruneLengthM);

    private Skeleton(Skeleton tree, double pruneLengthM)
    {
        if (!tree._unpruned) throw new ArgumentException("the tree was pruned already", nameof(tree));
        int n = tree.Nodes.Length;
        Nodes = (Vec3[])tree.Nodes.Clone();
        _adjacent = new List<int>[n];
        for (int a = 0; a < n; a++) _adjacent[a] = [.. tree._adjacent[a]];
        _alive = new bool[n];
        Array.Fill(_alive, true);
        Prune(pruneLengthM);
        Measure();
    }

    /// <summary>Built with pruning 0 (or less): its neighbour lists are the whole spanning tree.</summary>
    private readonly bool _unpruned;

    public Vec3[] Nodes { get; }
    /// <summary>Skeleton nodes of degree 1 after pruning.</summary>
    public List<int> Endpoints { get; } = [];
    /// <summary>Skeleton nodes of degree 3 or more after pruning.</summary>
    public List<int> Junctions { get; } = [];
    /// <summary>Segments between endpoints and junctions; 1 for a simple track, 3 for a Y, 0 for a point-like blob.</summary>
    public int BranchCount { get; private set; }
    /// <summary>Total length of the pruned tree, metres.</summary>
    public double LengthM { get; private set; }
    /// <summary>The longest path through the tree (node indices, end to end).</summary>
    public List<int> LongestPath { get; } = [];
    public double LongestPathLengthM { get; private set; }
    /// <summary>End-to-end distance over length of the longest path: 1 for a straight track.</summary>
    public double Straightness { get; private set; }

    public int Degree(int node) => _adjacent[node].Count;
    public IReadOnlyList<int> Neighbours(int node) => _adjacent[node];

    private void BuildSpanningTree(VoxelGrid grid, IReadOnlyList<int> voxels)
    {
        int n = voxels.Count;
        // Each voxel's node (-1: not in the skeleton), and the 26-neighbour edges: length, then both ends packed.
        var nodeOf = ArrayPool<int>.Shared.Rent(grid.Count);
        var lengthArray = new GrowableArray<double>(4 * n);
        var endArray = new GrowableArray<long>(4 * n);
        try
        {
            nodeOf.AsSpan(0, grid.Count).Fill(-1);
            for (int a = 0; a < n; a++) nodeOf[voxels[a]] = a;
            var lengths = lengthArray.Items;
            var ends = endArray.Items;
            int edges = 0;
            for (int a = 0; a < n; a++)
            {
                var (i, j, k) = grid.Indices(voxels[a]);
                foreach (var (di, dj, dk) in VoxelGrid.ForwardNeighbours)
                {
                    int u = grid.Find(i + di, j + dj, k + dk);
                    if (u < 0) continue;
                    int b = nodeOf[u];
                    if (b < 0) continue;
                    if (edges == lengths.Length || edges == ends.Length)
                    {
                        lengthArray.EnsureCapacity(edges + 1, edges);
                        endArray.EnsureCapacity(edges + 1, edges);
                        lengths = lengthArray.Items;
                        ends = endArray.Items;
                    }
                    lengths[edges] = (Nodes[a] - Nodes[b]).Length;
                    ends[edges] = (long)a << 32 | (uint)b;
                    edges++;
                }
            }
            // Kruskal: shortest edges first. Array.Sort of the lengths with the ends alongside runs the same introspective
            // sort (same pivots, same swaps) as the List<(length, a, b)>.Sort by length it replaces, so ties between equal
            // lengths (the rule on a pixel lattice) keep the order they had, and the tree is the same.
            Array.Sort(lengths, ends, 0, edges);
            var parent = new int[n];
            for (int a = 0; a < n; a++) parent[a] = a;
            for (int e = 0; e < edges; e++)
            {
                int a = (int)(ends[e] >> 32), b = (int)(uint)ends[e];
                int ra = Root(parent, a), rb = Root(parent, b);
                if (ra == rb) continue;
                parent[ra] = rb;
                _adjacent[a].Add(b);
                _adjacent[b].Add(a);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(nodeOf);
        }
    }

    private static int Root(int[] parent, int a)
    {
        while (parent[a] != a) { parent[a] = parent[parent[a]]; a = parent[a]; }
        return a;
    }

    /// <summary>Removes, repeatedly, leaf-to-junction twigs shorter than the pruning length.</summary>
    private void Prune(double pruneLengthM)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int leaf = 0; leaf < Nodes.Length; leaf++)
            {
                if (!_alive[leaf] || _adjacent[leaf].Count != 1) continue;
                var twig = new List<int> { leaf };
                double length = 0;
                int previous = leaf, current = _adjacent[leaf][0];
                length += (Nodes[leaf] - Nodes[current]).Length;
                while (_adjacent[current].Count == 2 && length < pruneLengthM)
                {
                    twig.Add(current);
                    int next = _adjacent[current][0] == previous ? _adjacent[current][1] : _adjacent[current][0];
                    length += (Nodes[current] - Nodes[next]).Length;
                    previous = current;
                    current = next;
                }
                // Only twigs hanging off a junction are pruned; a whole short track stays.
                if (_adjacent[current].Count >= 3 && length < pruneLengthM)
                {
                    foreach (var t in twig) Remove(t);
                    changed = true;
                }
            }
        }
    }

    private void Remove(int node)
    {
        foreach (var other in _adjacent[node]) _adjacent[other].Remove(node);
        _adjacent[node].Clear();
        _alive[node] = false;
    }

    private void Measure()
    {
        int start = -1, keyDegreeSum = 0;
        for (int a = 0; a < Nodes.Length; a++)
        {
            if (!_alive[a]) continue;
            if (start < 0) start = a;
            int d = _adjacent[a].Count;
            if (d == 1) Endpoints.Add(a);
            if (d >= 3) Junctions.Add(a);
            if (d == 1 || d >= 3) keyDegreeSum += d;
            foreach (var b in _adjacent[a]) if (b > a) LengthM += (Nodes[a] - Nodes[b]).Length;
        }
        BranchCount = keyDegreeSum / 2;
        if (start < 0) return;

        // Longest path of a tree: farthest node from anywhere, then farthest from that.
        var (far, _, _) = Farthest(start);
        var (other, length, previous) = Farthest(far);
        for (int a = other; a >= 0; a = previous[a]) LongestPath.Add(a);
        LongestPathLengthM = length;
        Straightness = length > 0 ? (Nodes[far] - Nodes[other]).Length / length : 1;
    }

    private (int Node, double Distance, int[] Previous) Farthest(int from)
    {
        var distance = new double[Nodes.Length];
        var previous = new int[Nodes.Length];
        Array.Fill(distance, -1);
        Array.Fill(previous, -1);
        var stack = new Stack<int>();
        distance[from] = 0;
        stack.Push(from);
        int best = from;
        while (stack.Count > 0)
        {
            int a = stack.Pop();
            if (distance[a] > distance[best]) best = a;
            foreach (var b in _adjacent[a])
            {
                if (distance[b] >= 0) continue;
                distance[b] = distance[a] + (Nodes[a] - Nodes[b]).Length;
                previous[b] = a;
                stack.Push(b);
            }
        }
        return (best, distance[best], previous);
    }
}
