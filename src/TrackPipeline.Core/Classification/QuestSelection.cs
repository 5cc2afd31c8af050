using TrackPipeline.Output;

namespace TrackPipeline.Classification;

/// <summary>One ranked candidate of a quest category, with the figures that earned its rank.</summary>
public sealed record QuestCandidate(string Category, int Rank, double Score, bool PassesThreshold, IReadOnlyDictionary<string, object?> Track)
{
    public string TrackId => (string)Track["track_id"]!;
    public string SourcePath => (string)Track["source_path"]!;
}

/// <summary>
/// The quest: reads the tracks table of an output folder (every shard and earlier run), ranks the tracks of
/// each category by score and writes <c>OUT/quest/candidates.parquet</c> with the top N per category.
/// A post-pass over the table, so that resumed and sharded runs give the same answer as one run.
/// </summary>
public static class QuestSelection
{
    /// <summary>Columns copied into the candidates table: the features the scores are built from.</summary>
    public static readonly string[] FeatureColumns =
    [
        "raw_n_significant_clusters", "raw_main_cluster_charge_fraction", "raw_detached_charge_fraction", "raw_farthest_detached_mm",
        "raw_track_length_mm", "raw_n_branches", "raw_straightness", "raw_pca_linearity",
        "raw_truth_vertex_n_prongs", "raw_truth_vertex_opening_angle_deg", "raw_truth_vertex_prong_symmetry", "raw_truth_vertex_split_radius_mm",
        "raw_vertex_n_prongs", "raw_vertex_opening_angle_deg", "raw_vertex_prong_symmetry",
        "n_brem", "n_brem_above_min", "brem_total_fraction", "brem_max_fraction", "n_compton", "n_pair", "n_photo",
    ];

    private static readonly string[] IdentityColumns = ["track_id", "particle", "energy_kev", "source_path", "first_interaction", "predicted_class"];

    public static async Task<IReadOnlyList<QuestCandidate>> SelectAsync(string outputRoot, double threshold, int topPerCategory, CancellationToken cancellationToken = default)
    {
        var wanted = IdentityColumns.Concat(FeatureColumns).Concat(QuestCategory.Quest.Select(c => "score_" + c)).ToHashSet(StringComparer.Ordinal);
        var table = await ParquetDataset.ReadAsync(Path.Combine(outputRoot, DatasetLayout.TracksFolder), wanted);
        var candidates = new List<QuestCandidate>();
        foreach (var category in QuestCategory.Quest)
        {
            var column = "score_" + category;
            var ranked = table.Rows
                .Where(r => r.TryGetValue(column, out var s) && s is double d && d > 0)
                .OrderByDescending(r => (double)r[column]!)
                .ThenBy(r => (string)r["track_id"]!, StringComparer.Ordinal)
                .Take(topPerCategory)
                .ToList();
            for (int i = 0; i < ranked.Count; i++)
            {
                double score = (double)ranked[i][column]!;
                candidates.Add(new QuestCandidate(category, i + 1, score, score >= threshold, ranked[i]));
            }
        }
        await WriteAsync(Path.Combine(outputRoot, "quest", "candidates.parquet"), candidates, cancellationToken);
        return candidates;
    }

    private static async Task WriteAsync(string path, IReadOnlyList<QuestCandidate> candidates, CancellationToken cancellationToken)
    {
        var schema = new TableSchema<QuestCandidate>()
            .String("category", c => c.Category)
            .Int32("rank", c => c.Rank)
            .Double("score", c => c.Score)
            .Bool("passes_threshold", c => c.PassesThreshold)
            .String("track_id", c => c.TrackId)
            .String("particle", c => (string)c.Track["particle"]!)
            .Int32("energy_kev", c => (int)c.Track["energy_kev"]!)
            .String("source_path", c => c.SourcePath)
            .String("first_interaction", c => (string)c.Track["first_interaction"]!)
            .String("predicted_class", c => c.Track.GetValueOrDefault("predicted_class") as string ?? "");
        foreach (var name in FeatureColumns)
            schema.NullableDouble(name, c => c.Track.GetValueOrDefault(name) is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null);
        var batch = schema.CreateBatch();
        foreach (var c in candidates) batch.Add(c);
        await ParquetTableFile.WriteAsync(path, batch.Buffers, null, cancellationToken);
    }
}
