using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// The main track's first centimetres from where the reconstruction says it starts (<see cref="Reconstruction.ElectronStart"/>),
/// read along the skeleton's longest path. A pair's two leptons leave the vertex within a few degrees of each other
/// (opening ~ m_e c^2 / E, plus multiple scattering: theta0 ~ 0.3 rad over 1 cm at 10 MeV, less at higher energy), so
/// over the first one to three centimetres they stay within a pixel or two and the sphere around the path holds two
/// MIPs per mm; an electron's (or a Compton recoil's) start holds one. Where the leptons do part, the skeleton branches
/// near the start: an electron's start branches only at delta rays. Both are measured whichever end the start is at:
/// the start of a missed pair is often its vertex (the less dense end, <see cref="TrackEnds.SparsestEnd"/>).
/// </summary>
/// <param name="KePerMm">Mean charge per length (ke/mm) over the path nodes between the window's two arc lengths from the start; -1 when no node lies there (a short track).</param>
/// <param name="BranchPoints">Skeleton junctions within the branch radius of the start (straight-line distance); -1 without a start.</param>
public readonly record struct StartStem(double KePerMm, int BranchPoints)
{
    public static readonly StartStem NotApplicable = new(-1, -1);

    /// <param name="grid">The whole cloud's voxel grid (the topology stage's).</param>
    /// <param name="skeleton">Its main cluster's skeleton.</param>
    /// <param name="start">The reconstruction's electron start.</param>
    /// <param name="direction">Its unit start direction: picks which way along the path the track leaves the start.</param>
    /// <param name="radiusM">Sphere around a path node whose charge is counted (it holds 2r of track).</param>
    /// <param name="fromM">Arc length from the start where the window begins (past the end sphere).</param>
    /// <param name="toM">Where it ends.</param>
    /// <param name="branchRadiusM">Junctions closer than this to the start count.</param>
    public static StartStem Measure(VoxelGrid grid, Skeleton skeleton, Vec3 start, Vec3 direction, double radiusM, double fromM, double toM, double branchRadiusM)
    {
        var path = skeleton.LongestPath;
        if (path.Count < 2) return NotApplicable;
        var nodes = skeleton.Nodes;
        double branch2 = branchRadiusM * branchRadiusM;
        int junctions = 0;
        foreach (var j in skeleton.Junctions)
        {
            var d = nodes[j] - start;
            if (d.Dot(d) < branch2) junctions++;
        }

        // The path node nearest the start, and the way along the path the start direction points.
        int k0 = 0;
        double best = double.PositiveInfinity;
        for (int k = 0; k < path.Count; k++)
        {
            var d = nodes[path[k]] - start;
            double d2 = d.Dot(d);
            if (d2 < best) { best = d2; k0 = k; }
        }
        int step = Leaving(nodes, path, k0, +1, fromM).Dot(direction) >= Leaving(nodes, path, k0, -1, fromM).Dot(direction) ? +1 : -1;

        // Charge per mm (e-/mm, the window walked as EndPlateau walks it from an end), in ke/mm.
        double perMm = EndPlateau.Along(grid, nodes, path, k0, step, radiusM, fromM, toM, unitsPerMetre: 1e3);
        return new StartStem(double.IsNaN(perMm) ? -1 : perMm * 1e-3, junctions);
    }

    /// <summary>Unit vector from path node k0 to the node about <paramref name="armM"/> along the path in direction <paramref name="step"/> (zero at the path's end).</summary>
    private static Vec3 Leaving(Vec3[] nodes, List<int> path, int k0, int step, double armM)
    {
        double arc = 0;
        var origin = nodes[path[k0]];
        var previous = origin;
        var reached = origin;
        for (int k = k0 + step; k >= 0 && k < path.Count; k += step)
        {
            reached = nodes[path[k]];
            arc += (reached - previous).Length;
            previous = reached;
            if (arc >= armM) break;
        }
        return (reached - origin).Normalized();
    }
}

/// <summary>Where <see cref="StartStem"/> reads the track: the reconstruction's start and unit direction, the arc-length window (m) and the junction radius (m).</summary>
public readonly record struct StemWindow(Vec3 Start, Vec3 Direction, double FromM, double ToM, double BranchRadiusM);
