namespace TrackPipeline.Output;

/// <summary>
/// Names of tracks-table columns that code after the run reads back (the quest, the gallery's key figures), and the
/// start-up check that they exist. A reader names its columns with these constants and declares them in a
/// <see cref="ColumnRequirement"/>; a run whose schema lacks one refuses to start, naming the reader and the column,
/// instead of writing nulls once the stages are done (a renamed column used to be read back silently as null).
/// </summary>
public static class TrackColumns
{
    public const string TrackId = "track_id";
    public const string SourcePath = "source_path";
    public const string NPoints = "n_points";
    public const string NumETotal = "num_e_total";
    /// <summary>The readout's name; a tracks part with this column was written with its pixels part (<see cref="Pipeline.ReadoutStage"/>).</summary>
    public const string Readout = "readout";
    /// <summary>
    /// A digest of the track's deposits (<see cref="Tracks.Track.RandomKey"/>): the same for the same deposits whatever the file is
    /// called or where it lies. The quest breaks ties by it, not by the track id (whose name carries the true energy).
    /// </summary>
    public const string DepositDigest = "deposit_digest";
    public const string TruthInitialParticle = "truth_initial_particle";
    public const string TruthFirstInteraction = "truth_first_interaction";
    /// <summary>The classifier's decision: the most probable class of the most probable family.</summary>
    public const string PredictedClass = "predicted_class";
    /// <summary>Why a track has no predicted class and null scores (its detector view holds no charge); null when classified.</summary>
    public const string NotClassifiedReason = "not_classified_reason";
    /// <summary>The class the simulation truth gives the track (evaluation only; null without a pickle).</summary>
    public const string TruthClass = "truth_class";
    /// <summary>Prefix of the classifier's probability for one class: <c>score_&lt;class&gt;</c>.</summary>
    public const string ScorePrefix = "score_";

    /// <summary>The Hive partition keys: in the folder names, never inside the files, and present in every row read back.</summary>
    public const string Particle = "particle";
    public const string EnergyKev = "energy_kev";
    public static IReadOnlyList<string> PartitionKeys { get; } = [Particle, EnergyKev];

    /// <summary>
    /// What <paramref name="requirements"/> name that <paramref name="schema"/> (the run's tracks-table columns) lacks,
    /// one line each. A requirement with <see cref="ColumnRequirement.OnlyWith"/> applies only when that column is in
    /// the schema (the quest needs the classifier's columns only in a run that classifies).
    /// </summary>
    public static IReadOnlyList<string> Missing(IReadOnlyCollection<string> schema, IEnumerable<ColumnRequirement> requirements)
    {
        var present = new HashSet<string>(schema, StringComparer.Ordinal);
        present.UnionWith(PartitionKeys);
        var problems = new List<string>();
        foreach (var r in requirements)
        {
            if (r.OnlyWith is { } gate && !present.Contains(gate)) continue;
            if (r.AndWith is { } also && !present.Contains(also)) continue;
            var missing = r.Columns.Where(c => !present.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
                problems.Add($"{r.Reader} reads tracks-table column(s) {string.Join(", ", missing)} that no stage of this run writes (renamed?)");
        }
        return problems;
    }
}

/// <summary>The tracks-table columns one reader of the finished table needs; see <see cref="TrackColumns.Missing"/>.</summary>
/// <param name="Reader">Who reads them, for the message (e.g. <c>quest (QuestSelection)</c>).</param>
/// <param name="Columns">Every column it reads.</param>
/// <param name="OnlyWith">A column whose presence makes the requirement apply; null: always.</param>
/// <param name="AndWith">A second column that must be present too for the requirement to apply; null: none.</param>
public sealed record ColumnRequirement(string Reader, IReadOnlyList<string> Columns, string? OnlyWith = null, string? AndWith = null);
