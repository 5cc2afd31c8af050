using TrackPipeline.Topology;

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

    private static double FromEnd(VoxelGrid grid, Skeleton skeleton, IReadOnlyList<int> path, double radiusM, double fromM, double toM, bool reverse)
    {
        double arc = 0, sum = 0;
        int count = 0;
        int n = path.Count;
        var previous = skeleton.Nodes[path[reverse ? n - 1 : 0]];
        for (int k = 1; k < n; k++)
        {
            var node = skeleton.Nodes[path[reverse ? n - 1 - k : k]];
            arc += (node - previous).Length;
            previous = node;
            if (arc < fromM) continue;
            if (arc > toM) break;
            // Inside the track a sphere holds 2r of it.
            sum += TrackEnds.ChargeWithin(grid, node, radiusM) / (2 * radiusM);
            count++;
        }
        return count > 0 ? sum / count : double.NaN;
    }
}
