using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// Charge per length a few millimetres into the main track from each end of its longest path (the first millimetres
/// skipped: there the sphere sees only half a track and the end voxel). Every electron track, primary or Compton
/// recoil, has a start where one minimum-ionising particle leaves (one MIP per mm, the track's median), and a Bragg end
/// somewhat denser. A pair conversion has no such end: where its leptons stay within a pixel or two of each other the
/// longest path starts at the vertex with two MIPs, otherwise it runs from one lepton's stop to the other's. So the
/// sparser end's plateau over the median is ~1 for an electron and clearly above 1 for a pair, whether or not the V is
/// resolved, and the denser end's is ~2 at a narrow pair's vertex.
/// </summary>
public static class EndPlateau
{
    /// <summary>
    /// Mean charge per length (electrons per metre) over the path nodes between <paramref name="fromM"/> and
    /// <paramref name="toM"/> of arc length from each end; NaN for an end whose window holds no node (a short track).
    /// </summary>
    public static (double First, double Last) Measure(VoxelGrid grid, Skeleton skeleton, IReadOnlyList<int> path, double radiusM, double fromM, double toM) =>
        (FromEnd(grid, skeleton, path, radiusM, fromM, toM, reverse: false), FromEnd(grid, skeleton, path, radiusM, fromM, toM, reverse: true));

    private static double FromEnd(VoxelGrid grid, Skeleton skeleton, IReadOnlyList<int> path, double radiusM, double fromM, double toM, bool reverse) =>
        Along(grid, skeleton.Nodes, path, reverse ? path.Count - 1 : 0, reverse ? -1 : +1, radiusM, fromM, toM, unitsPerMetre: 1);

    /// <summary>
    /// Mean charge per length (electrons per <c>1 / unitsPerMetre</c> m) over the path nodes between <paramref name="fromM"/>
    /// and <paramref name="toM"/> of arc length from path node <paramref name="first"/>, walking the path by <paramref name="step"/>
    /// (+1 or -1); NaN when the window holds no node. From an end here, from the reconstruction's start in <see cref="StartStem"/>.
    /// </summary>
    public static double Along(VoxelGrid grid, Vec3[] nodes, IReadOnlyList<int> path, int first, int step, double radiusM, double fromM, double toM, double unitsPerMetre)
    {
        double arc = 0, sum = 0;
        int count = 0;
        var previous = nodes[path[first]];
        for (int k = first + step; k >= 0 && k < path.Count; k += step)
        {
            var node = nodes[path[k]];
            arc += (node - previous).Length;
            previous = node;
            if (arc < fromM) continue;
            if (arc > toM) break;
            // Inside the track a sphere holds 2r of it.
            sum += TrackEnds.ChargeWithin(grid, node, radiusM) / (2 * radiusM * unitsPerMetre);
            count++;
        }
        return count > 0 ? sum / count : double.NaN;
    }
}
