using System.Buffers;
using TrackPipeline.Output;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The reconstruction step of the pipeline (<see cref="ChargeReconstruction"/>): on the triggered pixels by default, or
/// on the raw deposits, after the topology stage whose charge-only vertex estimate it uses; adds the <c>reco_*</c> columns.
/// </summary>
/// <param name="keVPerElectron">Energy per collected electron, W / (1 - recombination), from the medium preset.</param>
public sealed class ReconstructionStage(ReconstructionSettings settings, TopologySettings topology, double keVPerElectron, IPixelCloudSource? pixels = null)
    : ITrackStage, ITableContributor
{
    private readonly ChargeReconstruction _reconstruction = new(settings, topology, keVPerElectron);

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
            // The topology stage binned and clustered these very pixels at the pitch already: read its grid, clusters and tree.
            item.Reconstruction = _reconstruction.Reconstruct(cloud, pitchM, pitchM, shape.Pixels.AtPairVertex, shape.PixelSkeleton);
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

    /// <inheritdoc cref="ChargeReconstruction.Reconstruct"/>
    public TrackReconstruction Reconstruct(ChargeCloud cloud, double linkM, double voxelM, ProngSplit? vertexSplit) =>
        _reconstruction.Reconstruct(cloud, linkM, voxelM, vertexSplit);

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
              .NullableDouble("reco_photon_dir_sigma_deg", i => AngleError(R(i).PhotonSigmaDeg))
              .NullableDouble("reco_start_x_m", i => R(i).Start?.Start.X)
              .NullableDouble("reco_start_y_m", i => R(i).Start?.Start.Y)
              .NullableDouble("reco_start_z_m", i => R(i).Start?.Start.Z)
              .NullableDouble("reco_start_sigma_mm", i => R(i).Start?.StartSigmaMm)
              .NullableDouble("reco_start_dir_x", i => R(i).Start?.Direction.X)
              .NullableDouble("reco_start_dir_y", i => R(i).Start?.Direction.Y)
              .NullableDouble("reco_start_dir_z", i => R(i).Start?.Direction.Z)
              .NullableDouble("reco_start_dir_sigma_deg", i => AngleError(R(i).Start?.DirectionSigmaDeg))
              .NullableDouble("reco_end_density_ratio", i => R(i).Start?.EndDensityRatio)
              .NullableDouble("reco_charge_energy_kev", i => R(i).Start?.EnergyKev);
    }

    /// <summary>No two directions are more than this apart: a geometric bound, not a tuned value.</summary>
    private const double WidestAngleDeg = 180;

    /// <summary>
    /// A direction's error as written: the fits give a linearised (small-angle) error, which for a short, slow track exceeds
    /// any angle (1560 deg seen on the sample): that says no direction was measured, and is written null (breaker19 F6).
    /// </summary>
    private static double? AngleError(double? sigmaDeg) => sigmaDeg is { } s && s <= WidestAngleDeg ? s : null;

    private static void AddLepton(TableSchema<TrackItem> s, string which, Func<TrackItem, Lepton?> get) => s
        .NullableDouble($"reco_lepton_{which}_dir_x", i => get(i)?.Direction.X)
        .NullableDouble($"reco_lepton_{which}_dir_y", i => get(i)?.Direction.Y)
        .NullableDouble($"reco_lepton_{which}_dir_z", i => get(i)?.Direction.Z)
        .NullableDouble($"reco_lepton_{which}_dir_sigma_deg", i => AngleError(get(i)?.DirectionSigmaDeg))
        .NullableDouble($"reco_lepton_{which}_energy_kev", i => get(i)?.EnergyKev)
        .NullableDouble($"reco_lepton_{which}_brem_energy_kev", i => get(i)?.BremEnergyKev)
        // Its own multiple scattering's kinetic energy (null when not measured) and that estimate's error in ln T (null when
        // the track was too straight to bound it from above: then the kinetic energy is a lower bound).
        .NullableDouble($"reco_lepton_{which}_mcs_kinetic_kev", i => get(i) is { ScatteringKineticMeV: var t } && double.IsFinite(t) ? t * 1e3 : null)
        .NullableDouble($"reco_lepton_{which}_mcs_sigma_ln", i => get(i) is { ScatteringSigmaLn: var s } && double.IsFinite(s) ? s : null);
}
