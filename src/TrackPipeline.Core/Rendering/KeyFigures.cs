using System.Globalization;
using TrackPipeline.Output;

namespace TrackPipeline.Rendering;

/// <summary>
/// The figures a physicist looks at first, from a row of the tracks table: for pairs the opening angle and
/// prong symmetry at the truth vertex, for electrons the track length and the detached clusters.
/// </summary>
public static class KeyFigures
{
    // The tracks-table columns the pictures and plots read, named once here (the lead renames them at merge in one place).
    public const string DepositedChargeColumn = TrackColumns.NumETotal;
    public const string TriggeredPixelsColumn = "n_pixels_triggered";
    public const string TrackLengthColumn = "raw_track_length_mm";
    public const string SignificantClustersColumn = "raw_n_significant_clusters";
    public const string RecoOpeningAngleColumn = "reco_opening_angle_deg";
    public const string RecoEnergySplitColumn = "reco_energy_split";

    /// <summary>
    /// "truth: first pair, opening angle 30.1 deg, symmetry 0.94; reco: V opening 36 deg, energy split 0.97; length 45 mm,
    /// 0 detached clusters": each group says where its figures come from (breaker8 F5: truth shown unlabelled read as a
    /// measurement). The truth group (first interaction, the truth vertex's figures) is for evaluation only; "reco:" is
    /// the reconstruction's V from the pixels, the opening angle and energy split the quest ranks the pairs by
    /// (<see cref="Classification.QuestRanking"/>), shown whenever the reconstruction fitted a V: what it shows never
    /// depends on the truth (until round 9 it was shown only when the truth's first interaction was a pair, so a track
    /// without a pickle lost it, and the quest's pictures had no "reco:" at all). Length and clusters are from the raw deposits.
    /// </summary>
    public static string Describe(IReadOnlyDictionary<string, object?> row)
    {
        var c = CultureInfo.InvariantCulture;
        var truth = new List<string>();
        var reco = new List<string>();
        var raw = new List<string>();
        var particle = row.GetValueOrDefault("particle") as string ?? "";
        var first = row.GetValueOrDefault("truth_first_interaction") as string ?? "";
        bool photon = particle.StartsWith("photon", StringComparison.Ordinal);
        if (photon && first.Length > 0) truth.Add($"first {first}");
        bool pair = first == "pair";   // an opening angle means something only where two leptons leave one vertex
        if (pair)
        {
            // All figures from one vertex: the truth one when the table has it, else the one estimated on the raw deposits.
            bool atTruth = Number(row, "truth_raw_vertex_n_prongs") is not null;
            var vertexParts = atTruth ? truth : raw;
            string v = atTruth ? "truth_raw_vertex" : "raw_vertex";
            if (Number(row, $"{v}_n_prongs") is { } prongs && prongs < 2) vertexParts.Add($"{prongs:0} prong at the vertex");
            if (Number(row, $"{v}_opening_angle_deg") is { } angle) vertexParts.Add($"opening angle {angle.ToString("0.#", c)} deg");
            if (Number(row, $"{v}_n_prongs") is >= 2 && Number(row, $"{v}_prong_symmetry") is { } sym) vertexParts.Add($"symmetry {sym.ToString("0.00", c)}");
        }
        // The reconstruction's V, read from its own columns only (null: no V fitted).
        if (Number(row, RecoOpeningAngleColumn) is { } recoAngle) reco.Add($"V opening {recoAngle.ToString("0.#", c)} deg");
        if (Number(row, RecoEnergySplitColumn) is { } split) reco.Add($"energy split {split.ToString("0.00", c)}");
        // Called a pair from the charge, the reconstruction ran and fitted no V: say so (a weird pair ranked without a split).
        else if (row.ContainsKey(RecoEnergySplitColumn) && row.GetValueOrDefault(TrackColumns.PredictedClass) is string called && Classification.QuestCategory.IsPairClass(called))
            reco.Add("no V fitted");
        if (Number(row, TrackLengthColumn) is { } length)
            raw.Add(length < 1 ? $"length {(1000 * length).ToString("0", c)} \u00b5m" : $"length {length.ToString("0.#", c)} mm");
        if (Number(row, SignificantClustersColumn) is { } clusters)
        {
            double detached = Math.Max(0, clusters - 1);
            raw.Add($"{detached.ToString("0", c)} detached {(detached == 1 ? "cluster" : "clusters")}");
        }
        var groups = new List<string>(3);
        if (truth.Count > 0) groups.Add("truth: " + string.Join(", ", truth));
        if (reco.Count > 0) groups.Add("reco: " + string.Join(", ", reco));
        if (raw.Count > 0) groups.Add(string.Join(", ", raw));
        return string.Join("; ", groups);
    }

    public static double? Number(IReadOnlyDictionary<string, object?> row, string column) =>
        row.GetValueOrDefault(column) switch
        {
            double d when double.IsFinite(d) => d,
            float f when float.IsFinite(f) => f,
            int i => i,
            long l => l,
            _ => null,
        };

    /// <summary>Every column the key figures and the gallery read.</summary>
    public static readonly string[] Columns =
    [
        TrackColumns.TrackId, TrackColumns.Particle, TrackColumns.EnergyKev, TrackColumns.SourcePath, TrackColumns.TruthFirstInteraction,
        TrackColumns.PredictedClass, TrackColumns.NPoints, TrackColumns.NumETotal,
        "truth_raw_vertex_n_prongs", "raw_vertex_n_prongs", "truth_raw_vertex_opening_angle_deg", "raw_vertex_opening_angle_deg", "truth_raw_vertex_prong_symmetry", "raw_vertex_prong_symmetry",
        "raw_track_length_mm", "raw_n_significant_clusters", RecoOpeningAngleColumn, RecoEnergySplitColumn,
    ];

    /// <summary>
    /// The columns the key figures and the run's plots read, checked against the run's schema at start-up: the classifier's
    /// class only in a run that classifies, the triggered pixels only in a run with a readout.
    /// </summary>
    public static IReadOnlyList<ColumnRequirement> RequiredColumns { get; } =
    [
        new("gallery key figures (KeyFigures)", [.. Columns.Where(c => c != TrackColumns.PredictedClass && c != RecoOpeningAngleColumn && c != RecoEnergySplitColumn), DepositedChargeColumn, TrackLengthColumn, SignificantClustersColumn]),
        new("gallery key figures (KeyFigures)", [TrackColumns.PredictedClass], OnlyWith: TrackColumns.ScorePrefix + Classification.QuestCategory.NeatElectron),
        new("gallery key figures (KeyFigures)", [RecoOpeningAngleColumn, RecoEnergySplitColumn], OnlyWith: "reco_level"),   // only in a run that reconstructs
        new("run plots (RunPlots)", [TriggeredPixelsColumn], OnlyWith: "readout"),
    ];
}
