using System.Buffers;
using System.Runtime.CompilerServices;
using TrackPipeline.Output;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Measures every track's shape on the raw deposits and, when a readout ran, on the triggered pixels
/// (voxels of the pixel pitch, so "touching" is the 26-neighbourhood of pixels).
/// </summary>
/// <param name="rawPairVertex">Whether to search the raw deposits for the cone pair vertex: only a raw-level
/// reconstruction reads it, and on 10^5-point tracks it is the costliest part of the raw shape.</param>
public sealed class TopologyStage(TopologySettings settings, IPixelCloudSource? pixels = null, bool rawPairVertex = true) : ITrackStage, ITableContributor
{
    public string Name => "topology";

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var track = item.RequireTrack();
        var truth = track.Truth is { } t ? TruthFeatures.Of(t, settings.BremCountMinKev) : null;
        var deposits = track.Deposits;
        var charge = ArrayPool<double>.Shared.Rent(deposits.Count);
        try
        {
            var q = charge.AsSpan(0, deposits.Count);
            for (int i = 0; i < q.Length; i++) q[i] = deposits.NumElectrons[i];
            var raw = MeasureRawDeposits(new ChargeCloud(deposits.X, deposits.Y, deposits.Z, q), truth?.PairVertex);
            ShapeFeatures? pixelShape = null;
            MainSkeleton? pixelSkeleton = null;
            if (pixels is not null && pixels.TryGetPixels(item, out var cloud, out var pitchM))
                pixelShape = MeasurePixels(cloud, pitchM, truth?.PairVertex, out pixelSkeleton);
            // The pixels' grid and skeleton ride along for the classifier's charge profile (the raw ones are not reused:
            // the profile bins raw deposits at another voxel size, and they are large).
            item.Topology = new TrackTopology(raw, pixelShape, truth, pixelSkeleton);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(charge);
        }
    }

    // The two levels are methods of their own, never inlined, only so that a profile tells them apart (both call the same
    // ShapeAnalysis.Measure: without a frame of each, a sample in it could be either; docs/benchmarks/whole-run.md round 13).
    // Kept: tests/TrackPipeline.Benchmarks/profile_run.sh's python/perf_aot_stages.py splits the topology's CPU into raw
    // deposits and pixels by these two frames' names (TopologyStage__MeasureRawDeposits, __MeasurePixels).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ShapeFeatures MeasureRawDeposits(ChargeCloud deposits, Vec3? truthVertex) =>
        ShapeAnalysis.Measure(deposits, settings.RawLinkingLengthMm * 1e-3, settings.RawVertexVoxelMm * 1e-3, truthVertex, settings, rawPairVertex);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ShapeFeatures MeasurePixels(ChargeCloud pixelCloud, double pitchM, Vec3? truthVertex, out MainSkeleton? skeleton) =>
        ShapeAnalysis.Measure(pixelCloud, pitchM, pitchM, truthVertex, settings, out skeleton);

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static TrackTopology T(TrackItem i) => i.Topology ?? throw new InvalidOperationException("topology was not measured");
        // Truth (null without a pickle): labels and checks only, never read by a decision.
        schema.NullableInt32("truth_n_brem_above_min", i => T(i).Truth?.BremAboveMin)
              .NullableDouble("truth_brem_energy_above_min_kev", i => T(i).Truth?.BremEnergyAboveMinKev)
              .NullableDouble("truth_brem_max_kev", i => T(i).Truth?.BremMaxKev)
              .NullableDouble("truth_brem_max_fraction", i => T(i).Truth?.BremMaxFraction)
              .NullableDouble("truth_brem_total_fraction", i => T(i).Truth?.BremTotalFraction)
              .NullableDouble("truth_pair_vertex_x_m", i => T(i).Truth?.PairVertex?.X)
              .NullableDouble("truth_pair_vertex_y_m", i => T(i).Truth?.PairVertex?.Y)
              .NullableDouble("truth_pair_vertex_z_m", i => T(i).Truth?.PairVertex?.Z);
        AddShapeColumns(schema, "raw", i => T(i).Raw);
        if (pixels is not null) AddShapeColumns(schema, "pix", i => T(i).Pixels);
    }

    private static void AddShapeColumns(TableSchema<TrackItem> s, string level, Func<TrackItem, ShapeFeatures?> get)
    {
        s.NullableInt32($"{level}_n_clusters", i => get(i)?.Clusters)
         .NullableInt32($"{level}_n_significant_clusters", i => get(i)?.SignificantClusters)
         .NullableDouble($"{level}_main_cluster_charge_fraction", i => get(i)?.MainClusterChargeFraction)
         .NullableDouble($"{level}_detached_charge_fraction", i => get(i)?.DetachedChargeFraction)
         .NullableDouble($"{level}_farthest_detached_mm", i => get(i)?.FarthestDetachedMm)
         .NullableDouble($"{level}_track_length_mm", i => get(i)?.TrackLengthMm)
         .NullableInt32($"{level}_n_branches", i => get(i)?.Branches)
         .NullableInt32($"{level}_n_endpoints", i => get(i)?.Endpoints)
         .NullableInt32($"{level}_n_junctions", i => get(i)?.Junctions)
         .NullableDouble($"{level}_straightness", i => get(i)?.Straightness)
         .NullableDouble($"{level}_pca_linearity", i => get(i)?.PcaLinearity)
         .NullableInt32($"truth_{level}_vertex_n_prongs", i => get(i)?.AtTruthVertex?.SignificantProngs)
         .NullableDouble($"truth_{level}_vertex_opening_angle_deg", i => get(i)?.AtTruthVertex?.OpeningAngleDeg)
         .NullableDouble($"truth_{level}_vertex_prong_symmetry", i => get(i)?.AtTruthVertex?.Symmetry)
         .NullableDouble($"truth_{level}_vertex_split_radius_mm", i => get(i)?.AtTruthVertex?.RadiusM * 1e3)
         .NullableDouble($"{level}_vertex_x_m", i => get(i)?.AtRecoVertex?.Vertex.X)
         .NullableDouble($"{level}_vertex_y_m", i => get(i)?.AtRecoVertex?.Vertex.Y)
         .NullableDouble($"{level}_vertex_z_m", i => get(i)?.AtRecoVertex?.Vertex.Z)
         .NullableInt32($"{level}_vertex_n_prongs", i => get(i)?.AtRecoVertex?.SignificantProngs)
         .NullableDouble($"{level}_vertex_opening_angle_deg", i => get(i)?.AtRecoVertex?.OpeningAngleDeg)
         .NullableDouble($"{level}_vertex_prong_symmetry", i => get(i)?.AtRecoVertex?.Symmetry)
         .NullableDouble($"truth_{level}_vertex_error_mm", i => get(i)?.VertexErrorMm)
         .NullableDouble($"{level}_pair_stem_mips", i => get(i)?.AtPairVertex?.StemMips);
    }
}
