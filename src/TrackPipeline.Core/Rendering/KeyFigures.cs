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

    public static string Describe(IReadOnlyDictionary<string, object?> row)
    {
        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>();
        var particle = row.GetValueOrDefault("particle") as string ?? "";
        var first = row.GetValueOrDefault("truth_first_interaction") as string ?? "";
        bool photon = particle.StartsWith("photon", StringComparison.Ordinal);
        bool pair = first == "pair";   // an opening angle means something only where two leptons leave one vertex
        if (pair)
        {
            // All figures from one vertex: the truth one when the table has it, else the estimated one.
            string v = Number(row, "truth_raw_vertex_n_prongs") is not null ? "truth_raw_vertex" : "raw_vertex";
            if (Number(row, $"{v}_n_prongs") is { } prongs && prongs < 2) parts.Add($"{prongs:0} prong at the vertex");
            if (Number(row, $"{v}_opening_angle_deg") is { } angle) parts.Add($"opening angle {angle.ToString("0.#", c)} deg");
            if (Number(row, $"{v}_n_prongs") is >= 2 && Number(row, $"{v}_prong_symmetry") is { } sym) parts.Add($"symmetry {sym.ToString("0.00", c)}");
        }
        if (Number(row, TrackLengthColumn) is { } length)
            parts.Add(length < 1 ? $"length {(1000 * length).ToString("0", c)} \u00b5m" : $"length {length.ToString("0.#", c)} mm");
        if (Number(row, SignificantClustersColumn) is { } clusters)
            parts.Add($"{Math.Max(0, clusters - 1).ToString("0", c)} detached clusters");
        if (photon && first.Length > 0) parts.Insert(0, $"first: {first}");
        return string.Join(", ", parts);
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
        "raw_track_length_mm", "raw_n_significant_clusters",
    ];

    /// <summary>
    /// The columns the key figures and the run's plots read, checked against the run's schema at start-up: the classifier's
    /// class only in a run that classifies, the triggered pixels only in a run with a readout.
    /// </summary>
    public static IReadOnlyList<ColumnRequirement> RequiredColumns { get; } =
    [
        new("gallery key figures (KeyFigures)", [.. Columns.Where(c => c != TrackColumns.PredictedClass), DepositedChargeColumn, TrackLengthColumn, SignificantClustersColumn]),
        new("gallery key figures (KeyFigures)", [TrackColumns.PredictedClass], OnlyWith: TrackColumns.ScorePrefix + Classification.QuestCategory.NeatElectron),
        new("run plots (RunPlots)", [TriggeredPixelsColumn], OnlyWith: "readout"),
    ];
}
