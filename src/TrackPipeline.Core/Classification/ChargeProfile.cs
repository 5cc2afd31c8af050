using System.Buffers;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// Charge per unit length along the main track and at its ends: how many minimum-ionising particles pass there. A relativistic electron deposits about the same charge per mm everywhere until its Bragg end; at a
/// pair vertex two such leptons leave together, so the first millimetre carries about twice a single electron's charge
/// per length, while an electron's (or a Compton recoil's) start carries one. That is what tells a narrow pair, or an
/// asymmetric one whose soft lepton is a stub, from a brem electron or a hard Compton recoil when the shape cannot.
/// </summary>
/// Charges per length are in thousands of electrons per mm (a MIP in liquid argon is ~6 ke/mm after recombination:
/// 2.1 MeV/cm / 23.6 eV x ~0.7), absolute, because a narrow pair's leptons can overlap over its whole length, so a
/// ratio to the track's own median would read one MIP there.
/// </summary>
/// <param name="StartKePerMm">Charge per length at the sparser end of the longest path (an electron's start; a narrow pair's vertex carries two MIPs).</param>
/// <param name="StopKePerMm">The same at the denser end (an electron's Bragg end).</param>
/// <param name="MedianKePerMm">Median charge per length along the longest path.</param>
/// <param name="ProfileQ90OverMedian">90 % quantile over median of the charge per length along the path (dense knots: brems, deltas).</param>
/// <param name="VertexForwardKePerMm">Charge per length ahead of the estimated vertex, along its harder prong (q ahead / r): a pair's two
/// leptons both leave forward (two MIPs), an electron's start or a point inside one track has one MIP ahead; -1 without a vertex.</param>
/// <param name="VertexForwardFraction">Share of the charge around the vertex that lies ahead: ~1 at a pair vertex or a track's start, ~0.5 inside a track; -1 without a vertex.</param>
/// <param name="TwigEndMaxKePerMm">The densest end of a side branch (a soft lepton's or delta ray's stop); -1 without side branches.</param>
/// <param name="SparserPlateauOverMedian">Charge per length a few mm into the track from its sparser end, over the median (<see cref="EndPlateau"/>): ~1 at an electron's start, more for a pair; -1 when not measured.</param>
/// <param name="DenserPlateauOverMedian">The same from the denser end: ~2 at an unresolved pair's vertex; -1 when not measured.</param>
/// <param name="Stem">The first centimetres from the reconstruction's start (<see cref="StartStem"/>): not applicable without a start.</param>
public readonly record struct ChargeProfile(double StartKePerMm, double StopKePerMm, double MedianKePerMm, double ProfileQ90OverMedian, double VertexForwardKePerMm, double VertexForwardFraction, double TwigEndMaxKePerMm,
    double SparserPlateauOverMedian = -1, double DenserPlateauOverMedian = -1, StartStem Stem = default)
{
    public static readonly ChargeProfile None = new(-1, -1, -1, -1, -1, -1, -1, Stem: StartStem.NotApplicable);

    /// <summary>Path nodes sampled for the profile (evenly along the path): enough for a median, and bounded cost.</summary>
    private const int ProfileNodes = 64;

    /// <param name="linkM">Linking length (the pixel pitch): the clusters and skeleton are the topology stage's.</param>
    /// <param name="radiusM">Sphere around a point whose charge is counted: the track length inside is the radius at an end, twice it inside.</param>
    /// <param name="vertex">The topology stage's estimated vertex and its prongs (null: none found).</param>
    /// <param name="plateauM">Arc-length window from each end for <see cref="EndPlateau"/> (null: not measured).</param>
    /// <param name="stem">The reconstruction's start and the windows of <see cref="StartStem"/> (null: not measured).</param>
    public static ChargeProfile Measure(ChargeCloud cloud, double linkM, double pruneM, double radiusM, ProngSplit? vertex, (double FromM, double ToM)? plateauM = null, StemWindow? stem = null)
    {
        if (cloud.Count == 0) return None;
        var grid = new VoxelGrid(cloud, linkM);
        if (grid.Count == 0) return None;
        var clusters = new ConnectedClusters(grid);
        var mainVoxels = new List<int>(clusters.VoxelCount[0]);
        for (int v = 0; v < grid.Count; v++) if (clusters.ClusterOf[v] == 0) mainVoxels.Add(v);
        var skeleton = new Skeleton(grid, mainVoxels, pruneM);
        return Measure(grid, skeleton, radiusM, vertex, plateauM, stem);
    }

    /// <summary>The profile along a skeleton already built (the topology stage's <see cref="MainSkeleton"/> of the same charge).</summary>
    public static ChargeProfile Measure(VoxelGrid grid, Skeleton skeleton, double radiusM, ProngSplit? vertex, (double FromM, double ToM)? plateauM = null, StemWindow? stem = null)
    {
        var path = skeleton.LongestPath;
        if (path.Count < 3) return None;

        // Inside the track a sphere holds 2r of it; charge per mm there is q / 2r.
        Span<double> perMm = stackalloc double[ProfileNodes];
        int n = Math.Min(ProfileNodes, path.Count);
        for (int s = 0; s < n; s++)
        {
            int node = path[(int)((long)s * (path.Count - 1) / Math.Max(1, n - 1))];
            perMm[s] = TrackEnds.ChargeWithin(grid, skeleton.Nodes[node], radiusM) / (2 * radiusM * 1e3);
        }
        var profile = perMm[..n];
        profile.Sort();
        double median = profile[n / 2], q90 = profile[Math.Min(n - 1, (int)(0.9 * n))];
        if (!(median > 0)) return None;

        // At an end the sphere holds r of the track.
        double EndPerMm(int node) => TrackEnds.ChargeWithin(grid, skeleton.Nodes[node], radiusM) / (radiusM * 1e3);
        double a = EndPerMm(path[0]), b = EndPerMm(path[^1]);
        double twig = -1;
        foreach (var end in skeleton.Endpoints)
            if (end != path[0] && end != path[^1]) twig = Math.Max(twig, EndPerMm(end));
        double forwardKe = -1, forwardFraction = -1;
        if (vertex is not null && vertex.DirectionA.Length > 0)
        {
            var (ahead, all) = TrackEnds.ChargeAhead(grid, vertex.Vertex, vertex.DirectionA.Normalized(), radiusM);
            forwardKe = ahead / (radiusM * 1e3) * 1e-3;
            forwardFraction = all > 0 ? ahead / all : -1;
        }
        double sparser = -1, denser = -1;
        if (plateauM is { } window)
        {
            var (first, last) = EndPlateau.Measure(grid, skeleton, path, radiusM, window.FromM, window.ToM);
            // median is per mm of track (q / 2r with r in mm); the plateau per metre.
            double toMedian = 1e-3 / median;
            if (double.IsFinite(first) && double.IsFinite(last)) (sparser, denser) = (Math.Min(first, last) * toMedian, Math.Max(first, last) * toMedian);
        }
        var startStem = stem is { } w ? StartStem.Measure(grid, skeleton, w.Start, w.Direction, radiusM, w.FromM, w.ToM, w.BranchRadiusM) : StartStem.NotApplicable;
        return new ChargeProfile(Math.Min(a, b) * 1e-3, Math.Max(a, b) * 1e-3, median * 1e-3, q90 / median, forwardKe, forwardFraction, twig < 0 ? -1 : twig * 1e-3, sparser, denser, startStem);
    }
}
