using System.Buffers;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// Reconstructs what happened from a charge cloud alone (no truth, no file names): the pair vertex, lepton
/// directions and energies and the photon direction when a V is found, and the start and initial direction of the
/// main track. A pure function of the charge and the topology's charge-only vertex estimate; the pipeline's
/// <c>ReconstructionStage</c> chooses the charge (triggered pixels or raw deposits).
/// </summary>
/// <param name="keVPerElectron">Energy per collected electron, W / (1 - recombination), from the medium preset.</param>
public sealed class ChargeReconstruction(ReconstructionSettings settings, TopologySettings topology, double keVPerElectron)
{
    private readonly ScatteringLimit _scattering = ScatteringLimit.From(settings);

    /// <param name="linkM">Linking length of the clusters (the topology stage's, so the main cluster is the same).</param>
    /// <param name="voxelM">Voxel side of the main cluster's charge (pixel pitch, or the raw vertex voxel).</param>
    /// <param name="vertexSplit">The topology stage's charge-only pair vertex (the cone rule) and the sphere radius where its prongs separate.</param>
    /// <param name="measured">The topology stage's grid, clusters and main cluster of this same charge (null: none). Used
    /// when measured at these very sizes (the pixel level: pitch and pitch), so the charge is binned and clustered once.</param>
    public TrackReconstruction Reconstruct(ChargeCloud cloud, double linkM, double voxelM, ProngSplit? vertexSplit, MainSkeleton? measured = null)
    {
        if (cloud.Count == 0) return TrackReconstruction.None;
        // A vertex in another cluster (the event vertex of a shower-like pair) is fitted in that cluster's charge, binned here.
        bool inMain = vertexSplit is not { Cluster: > 0 };
        if (inMain && measured is { MainCluster: { } known } && measured.Grid.VoxelSizeM == linkM && known.Grid.VoxelSizeM == voxelM)
            return Reconstruct(measured.Clusters, known, measured.MainClusterTree, voxelM, vertexSplit);
        var voxelOfPoint = ArrayPool<int>.Shared.Rent(cloud.Count);
        try
        {
            var map = voxelOfPoint.AsSpan(0, cloud.Count);
            var grid = new VoxelGrid(cloud, linkM, map);
            if (grid.Count == 0) return TrackReconstruction.None;
            var clusters = new ConnectedClusters(grid);
            var main = new VoxelAdjacency(ShapeAnalysis.MainClusterGrid(cloud, map, clusters, voxelM));
            var atVertex = vertexSplit is { Cluster: > 0 and var own } && own < clusters.Count
                ? new VoxelAdjacency(ShapeAnalysis.ClusterGrid(cloud, map, clusters, own, voxelM)) : null;
            return Reconstruct(clusters, main, null, voxelM, vertexSplit, atVertex);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(voxelOfPoint);
        }
    }

    /// <param name="clusters">The connected clusters of the charge at the linking length.</param>
    /// <param name="mainCluster">Cluster 0's charge at <paramref name="voxelM"/>, with its neighbours.</param>
    /// <param name="unprunedTree">The unpruned tree over every voxel of <paramref name="mainCluster"/>, when built already.</param>
    /// <param name="vertexCluster">The charge of the cluster the vertex lies in when it is not the main one (<see cref="ProngSplit.Cluster"/>).</param>
    private TrackReconstruction Reconstruct(ConnectedClusters clusters, VoxelAdjacency mainCluster, Skeleton? unprunedTree,
        double voxelM, ProngSplit? vertexSplit, VoxelAdjacency? vertexCluster = null)
    {
        var main = mainCluster.Grid;
        int own = vertexCluster is null ? 0 : vertexSplit!.Cluster;
        var atVertex = vertexCluster ?? mainCluster;
        ElectronStart? start = ElectronStartFit.Find(main, keVPerElectron, voxelM, topology.StartDensityRadiusMm * 1e-3, settings, _scattering,
            unprunedTree);
        PairKinematics? pair = null;
        double eventKev = 0;
        foreach (var q in clusters.Charge) eventKev += q * keVPerElectron;
        if (vertexSplit is { SignificantProngs: >= 2 } split)
        {
            // Every cluster but the vertex's own is detached (its brems credited to the nearer lepton).
            var detached = new PairFit.Detached[clusters.Count - 1];
            for (int c = 0, k = 0; c < clusters.Count; c++)
                if (c != own) detached[k++] = new PairFit.Detached(clusters.Centroid[c], clusters.Charge[c]);
            pair = PairFit.Reconstruct(atVertex, split.Vertex, split.RadiusM, detached, keVPerElectron, eventKev, voxelM, settings, _scattering,
                PointErrors(voxelM));
        }
        // stemmix credits each lepton the detached clusters (brems converted away) nearest its ray, as PairFit does.
        PairFit.Detached[]? others = null;
        if (settings.IsPhotonFit("stemmix"))
        {
            others = new PairFit.Detached[clusters.Count - 1];
            for (int c = 0, k = 0; c < clusters.Count; c++)
                if (c != own) others[k++] = new PairFit.Detached(clusters.Centroid[c], clusters.Charge[c]);
        }
        PhotonLine? line = vertexSplit is { } at ? PhotonLineAt(atVertex.Grid, at, voxelM, eventKev, atVertex, others) : null;
        // With per-lepton fits the photon is their energy-weighted sum wherever two leptons were fitted.
        bool fromPair = settings.IsPhotonFit("leptons") && settings.LeptonScatteringFitLengthMm > 0 && pair is not null;
        return new TrackReconstruction(pair, start, line, fromPair);
    }

    /// <summary>A measured point's lateral error (pitch / sqrt 12 with the diffusion) and the vertex's.</summary>
    private PairFit.PointErrors PointErrors(double pitchM)
    {
        double diffusionM = settings.PointDiffusionMm * 1e-3;
        return new PairFit.PointErrors(Math.Sqrt(pitchM * pitchM / 12 + diffusionM * diffusionM), settings.VertexSigmaMm * 1e-3);
    }

    /// <summary>
    /// The photon's line at the vertex: the short line through the stem (<see cref="VertexLine"/>), pointed along the cone
    /// vertex's axis into the event, then refitted to the charge ahead with multiple-scattering weights
    /// (<see cref="ScatteringWeightedLine"/>; each lepton carries about half the event's energy, <paramref name="eventKev"/>:
    /// all its clusters' charge, since the brems that convert away were the leptons' energy at the vertex).
    /// With <c>PhotonFit</c> <c>stemjoint</c> and the cluster's adjacency (<paramref name="forkable"/>), a stem that forks into
    /// two arms is refitted as two lines from the vertex (<see cref="StemJointFit"/>); with <c>stemmix</c> the voxels near the
    /// vertex are split between two rays from it and the two lines fitted on that split (<see cref="StemMixture"/>, the
    /// <paramref name="detached"/> clusters credited to the leptons' energies); elsewhere the stem fit stands.
    /// </summary>
    public PhotonLine? PhotonLineAt(VoxelGrid main, ProngSplit at, double pitchM, double eventKev, VoxelAdjacency? forkable = null,
        PairFit.Detached[]? detached = null)
    {
        if (VertexLine.Fit(main, at.Vertex, settings.PhotonLineLengthMm * 1e-3, main.TotalCharge() * keVPerElectron, pitchM, _scattering) is not { } stem) return null;
        if (at.ConeAxis != Vec3.Zero && stem.Direction.Dot(at.ConeAxis) < 0) stem = stem with { Direction = -1 * stem.Direction };
        if (!settings.IsPhotonFit("diagonal") && settings.LeptonScatteringFitLengthMm > 0)
        {
            // The common stem of the two leptons with the full scattering covariance: its centroid averages two tracks of
            // about half the event's energy each.
            var errors = PointErrors(pitchM);
            var track = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, settings.LeptonScatteringFitLengthMm * 1e-3,
                settings.Corridor(), errors.PointSigmaM, errors.VertexSigmaM);
            if (MultipleScatteringFit.Fit(main, at.Vertex, stem.Direction, track, _scattering) is not { } fit) return stem;
            if (settings.IsPhotonFit("stemjoint") && forkable is not null && forkable.Grid == main
                && StemJointFit.Fit(forkable, at.Vertex, fit.Direction, keVPerElectron, topology.VertexMipElectronsPerMm, eventKev,
                    errors.PointSigmaM, settings, _scattering) is { } joint)
                return joint;
            if (settings.IsPhotonFit("stemmix") && forkable is not null && forkable.Grid == main
                && StemMixture.Fit(forkable, at.Vertex, fit.Direction, keVPerElectron, topology.VertexMipElectronsPerMm, eventKev,
                    detached ?? [], errors.PointSigmaM, settings, _scattering) is { } mixed)
                return mixed;
            return new PhotonLine(at.Vertex, fit.Direction, fit.SigmaRad * 180 / Math.PI);
        }
        if (!(settings.PhotonFitLengthMm > 0)) return stem;
        return ScatteringWeightedLine.Fit(main, at.Vertex, stem.Direction, 0.5 * eventKev * 1e-3, settings.PhotonFitLengthMm * 1e-3,
            settings.Corridor(), pitchM, _scattering) ?? stem;
    }
}
