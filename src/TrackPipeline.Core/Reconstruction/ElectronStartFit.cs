using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// Head and tail of a track from its charge profile (<see cref="TrackEnds.SparsestEnd"/>): of the skeleton's endpoints,
/// the one with the least charge around it is the start; the stopping (Bragg) end is denser, because dE/dx rises and
/// the slow electron curls up. The initial direction is the line through the start fitted to the first mm.
/// </summary>
public static class ElectronStartFit
{
    /// <param name="densityRadiusM">Radius of the charge count at each end (Topology:StartDensityRadiusMm).</param>
    /// <param name="unprunedTree">The unpruned spanning tree over every voxel of <paramref name="main"/> when one was built
    /// already (the topology's cone vertex, <see cref="MainSkeleton.MainClusterTree"/>): used when the pruning length is 0,
    /// where it is the very tree this fit would build.</param>
    public static ElectronStart? Find(VoxelGrid main, double keVPerElectron, double pitchM, double densityRadiusM,
        ReconstructionSettings settings, ScatteringLimit scattering, Skeleton? unprunedTree = null)
    {
        int n = main.Count;
        if (n < 2) return null;
        var skeleton = settings.PruneLengthMm == 0 && unprunedTree is not null && unprunedTree.Nodes.Length == n
            ? unprunedTree
            : new Skeleton(main, AllVoxels(n), settings.PruneLengthMm * 1e-3);
        if (TrackEnds.SparsestEnd(main, skeleton, densityRadiusM) is not { } head) return null;
        var start = skeleton.Nodes[head];
        double startCharge = TrackEnds.ChargeWithin(main, start, densityRadiusM);
        // Contrast: the denser end of the longest path against the start (1 = no preference).
        var path = skeleton.LongestPath;
        double stopCharge = path.Count > 0
            ? Math.Max(TrackEnds.ChargeWithin(main, skeleton.Nodes[path[0]], densityRadiusM), TrackEnds.ChargeWithin(main, skeleton.Nodes[path[^1]], densityRadiusM))
            : startCharge;

        double fitLength = settings.ElectronFitLengthMm * 1e-3, total = 0;
        var line = new AnchoredLine(start);
        for (int v = 0; v < n; v++)
        {
            var p = main.Centroid(v);
            total += main.Charge(v);
            if ((p - start).Length <= fitLength) line.Add(p, main.Charge(v));
        }
        var direction = line.Direction;
        if (direction == Vec3.Zero) return null;

        double energyKev = total * keVPerElectron;
        double sigma = scattering.LineFitErrorRad(energyKev * 1e-3, settings.ElectronFitLengthMm * 0.1, pitchM * 100);
        // The start is a voxel centroid: uniform within a pitch in each axis, so pitch / sqrt(12) per axis, sqrt(3) of that in space.
        return new ElectronStart(start, pitchM * 1e3 / Math.Sqrt(12) * Math.Sqrt(3), direction, sigma * 180 / Math.PI,
            startCharge > 0 ? stopCharge / startCharge : 1, energyKev);
    }

    private static int[] AllVoxels(int n)
    {
        var all = new int[n];
        for (int v = 0; v < n; v++) all[v] = v;
        return all;
    }
}
