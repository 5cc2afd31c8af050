using System.Buffers;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// Reconstructs what happened from the charge alone (the triggered pixels by default; no truth, no file names):
/// the pair vertex, lepton directions and energies and the photon direction when a V is found, and the start and
/// initial direction of the main track. Runs after the topology stage and uses its charge-only vertex estimate.
/// </summary>
/// <param name="keVPerElectron">Energy per collected electron, W / (1 - recombination), from the medium preset.</param>
public sealed class ReconstructionStage(ReconstructionSettings settings, TopologySettings topology, double keVPerElectron, IPixelCloudSource? pixels = null)
    : ITrackStage, ITableContributor
{
    private readonly ScatteringLimit _scattering = new(settings.RadiationLengthCm, settings.HighlandScaleMeV);

    public string Name => "reconstruct";

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var track = item.RequireTrack();
        var shape = item.Topology ?? throw new InvalidOperationException("reconstruction needs the topology stage");
        if (settings.UsesPixels)
        {
            if (pixels is null || shape.Pixels is null || !pixels.TryGetPixels(item, out var cloud, out var pitchM))
            {
                item.Reconstruction = TrackReconstruction.None;
                return;
            }
            item.Reconstruction = Reconstruct(cloud, pitchM, pitchM, shape.Pixels.AtPairVertex);
            return;
        }
        var deposits = track.Deposits;
        var charge = ArrayPool<double>.Shared.Rent(deposits.Count);
        try
        {
            var q = charge.AsSpan(0, deposits.Count);
            for (int i = 0; i < q.Length; i++) q[i] = deposits.NumElectrons[i];
            item.Reconstruction = Reconstruct(new ChargeCloud(deposits.X, deposits.Y, deposits.Z, q),
                topology.RawLinkingLengthMm * 1e-3, settings.RawVoxelMm * 1e-3, shape.Raw.AtPairVertex);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(charge);
        }
    }

    /// <param name="linkM">Linking length of the clusters (the topology stage's, so the main cluster is the same).</param>
    /// <param name="voxelM">Voxel side of the main cluster's charge (pixel pitch, or the raw vertex voxel).</param>
    /// <param name="vertexSplit">The topology stage's charge-only pair vertex (the cone rule) and the sphere radius where its prongs separate.</param>
    public TrackReconstruction Reconstruct(ChargeCloud cloud, double linkM, double voxelM, ProngSplit? vertexSplit)
    {
        if (cloud.Count == 0) return TrackReconstruction.None;
        var voxelOfPoint = ArrayPool<int>.Shared.Rent(cloud.Count);
        try
        {
            var map = voxelOfPoint.AsSpan(0, cloud.Count);
            var grid = new VoxelGrid(cloud, linkM, map);
            if (grid.Count == 0) return TrackReconstruction.None;
            var clusters = new ConnectedClusters(grid);
            var main = ShapeAnalysis.MainClusterGrid(cloud, map, clusters, voxelM);

            ElectronStart? start = ElectronStartFit.Find(main, keVPerElectron, voxelM, topology.StartDensityRadiusMm * 1e-3, settings, _scattering);
            PairKinematics? pair = null;
            double eventKev = 0;
            foreach (var q in clusters.Charge) eventKev += q * keVPerElectron;
            PhotonLine? line = vertexSplit is { } at ? PhotonLineAt(main, at, voxelM, eventKev) : null;
            if (vertexSplit is { SignificantProngs: >= 2 } split)
            {
                var detached = new PairFit.Detached[clusters.Count - 1];
                for (int c = 1; c < clusters.Count; c++) detached[c - 1] = new PairFit.Detached(clusters.Centroid[c], clusters.Charge[c]);
                pair = PairFit.Reconstruct(new VoxelAdjacency(main), split.Vertex, split.RadiusM, detached, keVPerElectron, voxelM, settings, _scattering);
            }
            return new TrackReconstruction(pair, start, line);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(voxelOfPoint);
        }
    }

    /// <summary>
    /// The photon's line at the vertex: the short line through the stem (<see cref="VertexLine"/>), pointed along the cone
    /// vertex's axis into the event, then refitted to the charge ahead with multiple-scattering weights
    /// (<see cref="ScatteringWeightedLine"/>; each lepton carries about half the event's energy, <paramref name="eventKev"/>:
    /// all its clusters' charge, since the brems that convert away were the leptons' energy at the vertex).
    /// </summary>
    public PhotonLine? PhotonLineAt(VoxelGrid main, ProngSplit at, double pitchM, double eventKev)
    {
        if (VertexLine.Fit(main, at.Vertex, settings.PhotonLineLengthMm * 1e-3, main.TotalCharge() * keVPerElectron, pitchM, _scattering) is not { } stem) return null;
        if (at.ConeAxis != Vec3.Zero && stem.Direction.Dot(at.ConeAxis) < 0) stem = stem with { Direction = -1 * stem.Direction };
        if (!(settings.PhotonFitLengthMm > 0)) return stem;
        return ScatteringWeightedLine.Fit(main, at.Vertex, stem.Direction, 0.5 * eventKev * 1e-3, settings.PhotonFitLengthMm * 1e-3,
            settings.PhotonFitCorridorMm * 1e-3, pitchM, _scattering) ?? stem;
    }

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static TrackReconstruction R(TrackItem i) => i.Reconstruction ?? throw new InvalidOperationException("track was not reconstructed");
        schema.String("reco_level", _ => settings.UsesPixels ? "pixels" : "raw")
              .NullableDouble("reco_vertex_x_m", i => R(i).Vertex?.X)
              .NullableDouble("reco_vertex_y_m", i => R(i).Vertex?.Y)
              .NullableDouble("reco_vertex_z_m", i => R(i).Vertex?.Z)
              .NullableDouble("reco_vertex_split_radius_mm", i => R(i).Pair?.SplitRadiusMm);
        AddLepton(schema, "a", i => R(i).Pair?.A);
        AddLepton(schema, "b", i => R(i).Pair?.B);
        schema.NullableDouble("reco_opening_angle_deg", i => R(i).Pair?.OpeningAngleDeg)
              .NullableDouble("reco_energy_split", i => R(i).Pair?.EnergySplit)
              .String("reco_photon_method", i => R(i).PhotonMethod)
              .NullableDouble("reco_photon_dir_x", i => R(i).PhotonDirection?.X)
              .NullableDouble("reco_photon_dir_y", i => R(i).PhotonDirection?.Y)
              .NullableDouble("reco_photon_dir_z", i => R(i).PhotonDirection?.Z)
              .NullableDouble("reco_photon_dir_sigma_deg", i => R(i).PhotonSigmaDeg)
              .NullableDouble("reco_start_x_m", i => R(i).Start?.Start.X)
              .NullableDouble("reco_start_y_m", i => R(i).Start?.Start.Y)
              .NullableDouble("reco_start_z_m", i => R(i).Start?.Start.Z)
              .NullableDouble("reco_start_sigma_mm", i => R(i).Start?.StartSigmaMm)
              .NullableDouble("reco_start_dir_x", i => R(i).Start?.Direction.X)
              .NullableDouble("reco_start_dir_y", i => R(i).Start?.Direction.Y)
              .NullableDouble("reco_start_dir_z", i => R(i).Start?.Direction.Z)
              .NullableDouble("reco_start_dir_sigma_deg", i => R(i).Start?.DirectionSigmaDeg)
              .NullableDouble("reco_end_density_ratio", i => R(i).Start?.EndDensityRatio)
              .NullableDouble("reco_charge_energy_kev", i => R(i).Start?.EnergyKev);
    }

    private static void AddLepton(TableSchema<TrackItem> s, string which, Func<TrackItem, Lepton?> get) => s
        .NullableDouble($"reco_lepton_{which}_dir_x", i => get(i)?.Direction.X)
        .NullableDouble($"reco_lepton_{which}_dir_y", i => get(i)?.Direction.Y)
        .NullableDouble($"reco_lepton_{which}_dir_z", i => get(i)?.Direction.Z)
        .NullableDouble($"reco_lepton_{which}_dir_sigma_deg", i => get(i)?.DirectionSigmaDeg)
        .NullableDouble($"reco_lepton_{which}_energy_kev", i => get(i)?.EnergyKev)
        .NullableDouble($"reco_lepton_{which}_brem_energy_kev", i => get(i)?.BremEnergyKev);
}
