using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// Where the detached clusters lie relative to the main track's start direction. A brem photon leaves its electron
/// within ~1/gamma of the electron's direction (a few mrad at 10 MeV), and a high-energy electron keeps its start
/// direction over its first radiation length to a few tens of degrees, so an electron's brem conversions and Compton
/// sites sit ahead of its start, in a cone around its direction. A photon's Compton recoil and its scattered photon
/// leave the vertex on opposite sides of the incoming photon (their azimuths differ by 180 degrees), so the scattered
/// photon's sites are not ahead of the recoil's start: at 1-5 MeV they are anywhere around it. Only significant
/// clusters count (the topology stage's significance rule), measured from the reconstruction's electron start.
/// </summary>
public readonly record struct DetachedAlignment(int AlignedClusters, double AlignedChargeFraction, double MeanCosine)
{
    /// <summary>No start direction, or no significant detached cluster: the features that do not apply are -1 (the count 0).</summary>
    public static readonly DetachedAlignment NotApplicable = new(0, -1, -2);

    /// <param name="grid">The whole cloud's voxel grid (every cluster), as the topology stage built it.</param>
    /// <param name="start">The main track's start (reconstruction's electron start).</param>
    /// <param name="direction">Its unit start direction.</param>
    /// <param name="coneHalfAngleDeg">A detached cluster is aligned when the line start -> its centroid is within this angle of the direction.</param>
    public static DetachedAlignment Measure(VoxelGrid grid, Vec3 start, Vec3 direction, double coneHalfAngleDeg, TopologySettings topology) =>
        grid.Count == 0 || direction == Vec3.Zero ? NotApplicable : Measure(new ConnectedClusters(grid), start, direction, coneHalfAngleDeg, topology);

    /// <summary>The same on clusters already numbered (the topology stage's, kept in its <see cref="MainSkeleton"/>): no second union-find.</summary>
    /// <param name="clusters">Every cluster of the whole cloud's voxel grid, cluster 0 the main one.</param>
    public static DetachedAlignment Measure(ConnectedClusters clusters, Vec3 start, Vec3 direction, double coneHalfAngleDeg, TopologySettings topology)
    {
        if (clusters.Count == 0 || direction == Vec3.Zero) return NotApplicable;
        double total = clusters.Grid.TotalCharge();
        double significantCharge = Math.Max(topology.SignificantMinElectrons, topology.SignificantMinChargeFraction * total);
        double cosCone = Math.Cos(coneHalfAngleDeg * Math.PI / 180);
        int aligned = 0;
        double alignedCharge = 0, detachedCharge = 0, cosineSum = 0;
        for (int c = 1; c < clusters.Count; c++)
        {
            double q = clusters.Charge[c];
            if (q < significantCharge) continue;   // ordered by falling charge, but the rule is per cluster
            var toCluster = clusters.Centroid[c] - start;
            double distance = toCluster.Length;
            if (!(distance > 0)) continue;
            double cosine = toCluster.Dot(direction) / distance;
            detachedCharge += q;
            cosineSum += q * cosine;
            if (cosine >= cosCone) { aligned++; alignedCharge += q; }
        }
        return detachedCharge > 0 ? new(aligned, alignedCharge / detachedCharge, cosineSum / detachedCharge) : NotApplicable;
    }
}
