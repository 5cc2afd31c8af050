using TrackPipeline.Topology;

namespace TrackPipeline.Classification;

/// <summary>Which charge the classifier looks at.</summary>
public enum DetectorView
{
    /// <summary>The triggered pixels after drift and readout (default: what a real detector gives).</summary>
    Pixels,
    /// <summary>The raw deposits, as a perfect detector would see them: for studies only, never the default.</summary>
    PerfectDetector,
}

/// <summary>
/// The numbers the classifier decides from: only what the detector measures (charge and its shape), never the truth,
/// the file name or the folder. Same order as <see cref="Names"/>; a feature that does not apply (no second prong) is -1.
/// </summary>
public static class DetectorFeatures
{
    /// <summary>Feature names, as in the model's provenance (the shape features are the <c>pix_*</c> / <c>raw_*</c> columns).</summary>
    public static readonly string[] Names =
    [
        "log10_charge_e", "log10_n_samples", "rms_radius_mm",
        "n_clusters", "n_significant_clusters", "main_cluster_charge_fraction", "detached_charge_fraction", "farthest_detached_mm",
        "track_length_mm", "n_branches", "n_endpoints", "n_junctions", "straightness", "pca_linearity",
        "vertex_n_prongs", "vertex_opening_angle_deg", "vertex_prong_symmetry", "vertex_split_radius_mm",
        "length_per_charge_mm_per_ke",
        "reco_pair_found", "reco_energy_split", "reco_opening_angle_deg", "reco_end_density_ratio",
        "log10_median_sample_charge_e", "sample_charge_q90_over_median",
        "log10_detached1_charge_e", "log10_detached2_charge_e", "log10_detached3_charge_e",
        "start_ke_per_mm", "stop_ke_per_mm", "median_ke_per_mm", "profile_q90_over_median", "vertex_forward_ke_per_mm", "vertex_forward_fraction", "twig_end_max_ke_per_mm",
        "sparser_end_plateau_over_median", "denser_end_plateau_over_median",
        "pair_stem_mips",
        "aligned_detached_clusters", "aligned_detached_charge_fraction", "detached_mean_cosine",
        "reco_prong_split",
        "start_stem_ke_per_mm", "start_stem_over_median", "start_branch_points",
    ];

    public const int Count = 45;

    /// <summary>Index of <c>reco_energy_split</c> (-1 when no pair was reconstructed): the pair quests rank by it (<see cref="QuestRanking"/>).</summary>
    public const int EnergySplit = 20;

    /// <summary>Index of <c>reco_opening_angle_deg</c> (-1 when no pair was reconstructed): the symmetric quest asks the V to be narrow (<see cref="QuestRanking"/>).</summary>
    public const int PairOpeningAngle = 21;

    /// <summary>Fills <paramref name="features"/> (length <see cref="Count"/>) for one track. O(points); the charge profile reuses the topology stage's pixel grid and skeleton when given them.</summary>
    public static void Fill(in DetectorMeasurement measured, FeatureView featureView, Span<float> features)
    {
        if (features.Length != Count) throw new ArgumentException($"expected {Count} features", nameof(features));
        if (measured.View != featureView.View)
            throw new ArgumentException($"the measurement is of the {measured.View} view, the classifier looks at {featureView.View}", nameof(measured));
        ReadOnlySpan<double> x = measured.X, y = measured.Y, z = measured.Z;
        var shape = measured.Shape;
        ReadOnlySpan<double> q = measured.ChargeE;
        ReadOnlySpan<int> electrons = measured.Electrons;

        // Charge-weighted centroid and RMS radius of all the charge: a single site is compact, a photon's Compton
        // chain or a brem electron's sub-tracks spread over tens of cm.
        double sq = 0, sx = 0, sy = 0, sz = 0, sxx = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double w = q.IsEmpty ? electrons[i] : q[i];
            sq += w; sx += w * x[i]; sy += w * y[i]; sz += w * z[i];
            sxx += w * (x[i] * x[i] + y[i] * y[i] + z[i] * z[i]);
        }
        double rms = 0;
        if (sq > 0)
        {
            double mx = sx / sq, my = sy / sq, mz = sz / sq;
            rms = Math.Sqrt(Math.Max(0, sxx / sq - (mx * mx + my * my + mz * mz))) * 1e3;
        }
        var s = shape!;
        var v = s.AtRecoVertex;
        features[0] = (float)Math.Log10(sq + 1);
        features[1] = (float)Math.Log10(x.Length + 1);
        features[2] = (float)rms;
        features[3] = s.Clusters;
        features[4] = s.SignificantClusters;
        features[5] = (float)s.MainClusterChargeFraction;
        features[6] = (float)s.DetachedChargeFraction;
        features[7] = (float)s.FarthestDetachedMm;
        features[8] = (float)s.TrackLengthMm;
        features[9] = s.Branches;
        features[10] = s.Endpoints;
        features[11] = s.Junctions;
        features[12] = Finite(s.Straightness);
        features[13] = Finite(s.PcaLinearity);
        features[14] = v?.SignificantProngs ?? -1;
        features[15] = v?.OpeningAngleDeg is { } angle ? (float)angle : -1;
        features[16] = v is { SignificantProngs: >= 2 } ? (float)v.Symmetry : -1;
        features[17] = v is null ? -1 : (float)(v.RadiusM * 1e3);
        // Track length per unit charge: an electron's dE/dx is ~ constant (minimum ionizing), so a track that is
        // long for its charge is one straight lepton, short for its charge is a blob or several overlapping ones.
        features[18] = sq > 0 ? (float)(s.TrackLengthMm / (s.MainClusterChargeFraction * sq * 1e-3 + 1e-9)) : -1;

        // The reconstruction stage's charge-only pair fit and track start (when it ran): a V with a measured energy
        // split, and the density contrast between the track's ends (an electron's Bragg end is denser than its start).
        var reco = measured.Reconstruction;
        // A V: two prongs fitted at the pair vertex, or a stem carrying two tracks' charge whose leptons never part on the pixels.
        features[19] = reco?.Pair is not null || s.AtPairVertex is { TwoTrackStem: true } ? 1 : 0;
        features[20] = reco?.Pair is { } pair ? (float)pair.EnergySplit : -1;
        features[21] = reco?.Pair is { } v2 ? (float)v2.OpeningAngleDeg : -1;
        features[22] = reco?.Start is { } start && double.IsFinite(start.EndDensityRatio) ? (float)start.EndDensityRatio : -1;

        // Charge per sample: where two leptons overlap (a pair's first centimetres) a sample holds two MIPs' charge.
        var (median, q90) = ChargeQuantiles(q, electrons);
        features[23] = median > 0 ? (float)Math.Log10(median) : -1;
        features[24] = median > 0 ? (float)(q90 / median) : -1;
        features[25] = (float)Math.Log10(s.Detached1Charge + 1);
        features[26] = (float)Math.Log10(s.Detached2Charge + 1);
        features[27] = (float)Math.Log10(s.Detached3Charge + 1);

        // Charge per length at the track's ends and along it: two MIPs leave a pair vertex, one an electron's start.
        var profile = Profile(measured, featureView, v, reco?.Start);
        features[28] = (float)profile.StartKePerMm;
        features[29] = (float)profile.StopKePerMm;
        features[30] = (float)profile.MedianKePerMm;
        features[31] = (float)profile.ProfileQ90OverMedian;
        features[32] = (float)profile.VertexForwardKePerMm;
        features[33] = (float)profile.VertexForwardFraction;
        features[34] = (float)profile.TwigEndMaxKePerMm;
        // A few mm into the track from each end: an electron starts with one MIP, a pair has no such end (EndPlateau.cs).
        features[35] = (float)profile.SparserPlateauOverMedian;
        features[36] = (float)profile.DenserPlateauOverMedian;
        // Charge per length of the stem leaving the pair vertex, in MIPs (TwoTrackStem.cs): ~2 where two leptons have
        // not yet parted, ~1 at an electron's start; the model reads the value, reco_pair_found only its cut.
        features[37] = s.AtPairVertex is { StemMips: > 0 and var mips } && double.IsFinite(mips) ? (float)mips : -1;

        // Detached clusters ahead of the track's start, in a cone around its direction: an electron's brems lie there,
        // a Compton photon's scattered photon does not (DetachedAlignment.cs).
        var alignment = Alignment(measured, featureView);
        features[38] = alignment.AlignedClusters;
        features[39] = (float)alignment.AlignedChargeFraction;
        features[40] = (float)alignment.MeanCosine;
        // The pair fit's two prongs' charges alone (lighter / heavier), without the brems credited to each lepton: the
        // quantity the symmetric / weird label is defined by (the prong charges at the vertex), measured at the fitted one.
        features[41] = reco?.Pair is { } p3 && Math.Max(p3.A.ProngEnergyKev, p3.B.ProngEnergyKev) > 0
            ? (float)(Math.Min(p3.A.ProngEnergyKev, p3.B.ProngEnergyKev) / Math.Max(p3.A.ProngEnergyKev, p3.B.ProngEnergyKev)) : -1;
        // The first centimetres from the found start (StartStem.cs): two overlapping MIPs leave a pair vertex, one an
        // electron's start, absolute and over the track's median (a narrow pair overlaps all along); and the skeleton's
        // branch points near the start, where a pair's leptons part.
        var stem = profile.Stem;
        features[42] = (float)stem.KePerMm;
        features[43] = stem.KePerMm > 0 && profile.MedianKePerMm > 0 ? (float)(stem.KePerMm / profile.MedianKePerMm) : -1;
        features[44] = stem.BranchPoints;
    }

    /// <summary>Index of <c>pair_stem_mips</c> (-1 when not measured): the symmetric-pair quest asks for two MIPs there (<see cref="QuestRanking"/>).</summary>
    public const int PairStemMips = 37;

    /// <summary>Index of <c>reco_prong_split</c> (-1 without a reconstructed pair): a model feature; the pair quests rank by <see cref="EnergySplit"/>.</summary>
    public const int ProngChargeSplit = 41;

    /// <summary>Index of <c>detached_mean_cosine</c> (-2 without a start direction or detached cluster): the brem-electron quest ranks by it.</summary>
    public const int DetachedMeanCosine = 40;

    private static DetachedAlignment Alignment(in DetectorMeasurement m, FeatureView f)
    {
        if (m.Reconstruction?.Start is not { } start) return DetachedAlignment.NotApplicable;
        if (m.View == DetectorView.Pixels && m.Skeleton is { } kept && kept.Grid.VoxelSizeM == m.PitchM)
            return DetachedAlignment.Measure(kept.Clusters, start.Start, start.Direction, f.DetachedConeDeg, f.Topology);
        // Not kept (or the perfect detector's view): the clusters again, at the same linking length as the topology stage's.
        double voxelM = m.View == DetectorView.Pixels ? m.PitchM : f.Topology.RawLinkingLengthMm * 1e-3;
        var electrons = m.Electrons;
        double[]? rented = null;
        try
        {
            ReadOnlySpan<double> q = m.ChargeE;
            if (q.IsEmpty)
            {
                rented = System.Buffers.ArrayPool<double>.Shared.Rent(electrons.Length);
                for (int i = 0; i < electrons.Length; i++) rented[i] = electrons[i];
                q = rented.AsSpan(0, electrons.Length);
            }
            var grid = new VoxelGrid(new ChargeCloud(m.X, m.Y, m.Z, q), voxelM);
            return DetachedAlignment.Measure(grid, start.Start, start.Direction, f.DetachedConeDeg, f.Topology);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<double>.Shared.Return(rented);
        }
    }

    private static ChargeProfile Profile(in DetectorMeasurement m, FeatureView f, ProngSplit? vertex, Reconstruction.ElectronStart? start)
    {
        double radiusM = f.EndChargeRadiusMm * 1e-3, pruneM = f.Topology.PruneLengthMm * 1e-3;
        var plateau = (f.EndPlateauFromMm * 1e-3, f.EndPlateauToMm * 1e-3);
        StemWindow? stem = start is null ? null : new StemWindow(start.Start, start.Direction, f.StartStemFromMm * 1e-3, f.StartStemToMm * 1e-3, f.StartBranchRadiusMm * 1e-3);
        if (f.View == DetectorView.Pixels)
            // The topology stage built this grid and skeleton already (same charge, pitch and pruning): reuse them.
            return m.Skeleton is { } kept && kept.Grid.VoxelSizeM == m.PitchM && kept.PruneLengthM == pruneM
                ? ChargeProfile.Measure(kept.Grid, kept.Skeleton, radiusM, vertex, plateau, stem)
                : ChargeProfile.Measure(new ChargeCloud(m.X, m.Y, m.Z, m.ChargeE), m.PitchM, pruneM, radiusM, vertex, plateau, stem);
        var electrons = m.Electrons;
        var q = System.Buffers.ArrayPool<double>.Shared.Rent(electrons.Length);
        try
        {
            for (int i = 0; i < electrons.Length; i++) q[i] = electrons[i];
            return ChargeProfile.Measure(new ChargeCloud(m.X, m.Y, m.Z, q.AsSpan(0, electrons.Length)), f.Topology.RawVertexVoxelMm * 1e-3, pruneM, radiusM, vertex, plateau, stem);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(q);
        }
    }

    /// <summary>Median and 90 % quantile of the per-sample charge, from a log histogram (bins of 0.025 decades, no allocation).</summary>
    private static (double Median, double Q90) ChargeQuantiles(ReadOnlySpan<double> q, ReadOnlySpan<int> electrons)
    {
        const int bins = 320;
        const double perDecade = 40;
        Span<int> histogram = stackalloc int[bins];
        int n = q.IsEmpty ? electrons.Length : q.Length;
        if (n == 0) return (0, 0);
        for (int i = 0; i < n; i++)
        {
            double v = q.IsEmpty ? electrons[i] : q[i];
            int b = v <= 1 ? 0 : Math.Min(bins - 1, (int)(Math.Log10(v) * perDecade));
            histogram[b]++;
        }
        double median = 0, q90 = 0;
        int seen = 0;
        for (int b = 0; b < bins; b++)
        {
            int before = seen;
            seen += histogram[b];
            double centre = Math.Pow(10, (b + 0.5) / perDecade);
            if (before < 0.5 * n && seen >= 0.5 * n) median = centre;
            if (before < 0.9 * n && seen >= 0.9 * n) { q90 = centre; break; }
        }
        return (median, q90);
    }

    private static float Finite(double value) => double.IsFinite(value) ? (float)value : -1;
}
