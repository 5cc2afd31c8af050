using TrackPipeline.Output;

namespace TrackPipeline.Classification;

/// <summary>One ranked candidate of a quest category, with the figures that earned its rank.</summary>
/// <param name="Score">What the rank is by (<see cref="QuestRanking.Key"/>): the class probability, or for the symmetric pair the pair probability times the reconstructed energy split.</param>
/// <param name="Probability">The model's probability of the category's class.</param>
public sealed record QuestCandidate(string Category, int Rank, double Score, double Probability, bool PassesThreshold, IReadOnlyDictionary<string, object?> Track)
{
    public string TrackId => (string)Track[TrackColumns.TrackId]!;
    public string SourcePath => (string)Track[TrackColumns.SourcePath]!;
}

/// <summary>
/// The quest: reads the tracks table of an output folder (every shard and earlier run), ranks the tracks of
/// each category by score and writes <c>OUT/quest/candidates.parquet</c> with the top N per category.
/// A post-pass over the table, so that resumed and sharded runs give the same answer as one run.
/// </summary>
public static class QuestSelection
{
    /// <summary>
    /// Columns copied into the candidates table: the detector features the scores are built from (<c>pix_*</c>),
    /// then, to check them by eye, the raw-deposit shape and the truth (never used to rank).
    /// </summary>
    public static readonly string[] FeatureColumns =
    [
        "pix_n_significant_clusters", "pix_main_cluster_charge_fraction", "pix_detached_charge_fraction", "pix_farthest_detached_mm",
        "pix_track_length_mm", "pix_n_branches", "pix_straightness", "pix_pca_linearity",
        "pix_vertex_n_prongs", "pix_vertex_opening_angle_deg", "pix_vertex_prong_symmetry", QuestRanking.EnergySplitColumn,
        "raw_n_significant_clusters", "raw_main_cluster_charge_fraction", "raw_detached_charge_fraction", "raw_farthest_detached_mm",
        "raw_track_length_mm", "raw_n_branches", "raw_straightness", "raw_pca_linearity",
        "truth_raw_vertex_n_prongs", "truth_raw_vertex_opening_angle_deg", "truth_raw_vertex_prong_symmetry", "truth_raw_vertex_split_radius_mm",
        "raw_vertex_n_prongs", "raw_vertex_opening_angle_deg", "raw_vertex_prong_symmetry",
        "truth_n_brem", "truth_n_brem_above_min", "truth_brem_total_fraction", "truth_brem_max_fraction", "truth_n_compton", "truth_n_pair", "truth_n_photo",
    ];

    private static readonly string[] IdentityColumns =
    [
        TrackColumns.TrackId, TrackColumns.Particle, TrackColumns.EnergyKev, TrackColumns.SourcePath, TrackColumns.TruthInitialParticle,
        TrackColumns.TruthFirstInteraction, TrackColumns.PredictedClass, TrackColumns.NPoints, TrackColumns.NumETotal,
    ];

    private static string ScoreColumn(string category) => TrackColumns.ScorePrefix + category;

    /// <summary>Every tracks-table column the quest reads, checked against the run's schema at start-up (in a run that classifies).</summary>
    public static ColumnRequirement RequiredColumns { get; } = new("quest (QuestSelection)",
        [.. IdentityColumns, .. FeatureColumns, .. QuestCategory.Quest.Select(ScoreColumn)], OnlyWith: ScoreColumn(QuestCategory.Quest[0]));

    public static async Task<IReadOnlyList<QuestCandidate>> SelectAsync(string outputRoot, double threshold, int topPerCategory, CancellationToken cancellationToken = default)
    {
        // Pass 1: only the scores and ids, file by file, keeping the best few per category: memory stays flat
        // whatever the size of the tracks table.
        var tracksRoot = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        var files = ParquetDataset.FilesIn(tracksRoot).ToList();
        var best = QuestCategory.Quest.ToDictionary(c => c, _ => new List<Ranked>(topPerCategory + 1));
        var scoreColumns = QuestCategory.Quest.Select(ScoreColumn).ToArray();
        for (int f = 0; f < files.Count; f++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var table = await ParquetDataset.ReadColumnsAsync(files[f], [.. scoreColumns, TrackColumns.TrackId, QuestRanking.EnergySplitColumn]);
            if (!table.Columns.ContainsKey(scoreColumns[0])) continue;   // a run without the classifier
            var ids = table.Get<string?>(TrackColumns.TrackId);
            var scores = QuestCategory.Quest.ToDictionary(c => c, c => table.Get<double>(ScoreColumn(c)));
            double?[]? split = table.Columns.ContainsKey(QuestRanking.EnergySplitColumn) ? table.Get<double?>(QuestRanking.EnergySplitColumn) : null;
            foreach (var category in QuestCategory.Quest)
                for (int r = 0; r < table.RowCount; r++)
                {
                    int row = r;
                    double key = QuestRanking.Key(category, c => scores[c][row], split?[row]);
                    if (key > 0) Offer(best[category], new Ranked(key, scores[category][r], ids[r]!, f, r), topPerCategory);
                }
        }

        // Pass 2: the features of the chosen rows only.
        var wanted = IdentityColumns.Concat(FeatureColumns).ToHashSet(StringComparer.Ordinal);
        var rows = new Dictionary<(int File, int Row), Dictionary<string, object?>>();
        foreach (var file in best.Values.SelectMany(l => l).Select(r => r.File).Distinct())
        {
            var table = await ParquetDataset.ReadColumnsAsync(files[file], wanted, tracksRoot);
            foreach (var ranked in best.Values.SelectMany(l => l).Where(r => r.File == file))
                rows[(file, ranked.Row)] = table.Row(ranked.Row);
        }
        var candidates = new List<QuestCandidate>();
        foreach (var category in QuestCategory.Quest)
        {
            var ranked = best[category];
            for (int i = 0; i < ranked.Count; i++)
                candidates.Add(new QuestCandidate(category, i + 1, ranked[i].Score, ranked[i].Probability, ranked[i].Probability >= threshold, rows[(ranked[i].File, ranked[i].Row)]));
        }
        await WriteAsync(Path.Combine(outputRoot, OutputLayout.Quest, OutputLayout.QuestCandidatesFile), candidates, cancellationToken);
        return candidates;
    }

    /// <summary>A track's ranking key (<see cref="QuestRanking"/>) and class probability in one category, and where its row is.</summary>
    private readonly record struct Ranked(double Score, double Probability, string TrackId, int File, int Row);

    /// <summary>Keeps the list sorted by score (highest first, ties by track id) and at most <paramref name="size"/> long.</summary>
    private static void Offer(List<Ranked> top, Ranked candidate, int size)
    {
        int at = top.Count;
        while (at > 0 && Better(candidate, top[at - 1])) at--;
        if (at >= size) return;
        top.Insert(at, candidate);
        if (top.Count > size) top.RemoveAt(size);
    }

    private static bool Better(Ranked a, Ranked b) =>
        a.Score > b.Score || (a.Score == b.Score && string.CompareOrdinal(a.TrackId, b.TrackId) < 0);

    private static async Task WriteAsync(string path, IReadOnlyList<QuestCandidate> candidates, CancellationToken cancellationToken)
    {
        var schema = new TableSchema<QuestCandidate>()
            .String("category", c => c.Category)
            .Int32("rank", c => c.Rank)
            .Double("score", c => c.Score)
            .Double("class_probability", c => c.Probability)
            .Bool("passes_threshold", c => c.PassesThreshold)
            .String(TrackColumns.TrackId, c => c.TrackId)
            .String(TrackColumns.Particle, c => (string)c.Track[TrackColumns.Particle]!)
            .Int32(TrackColumns.EnergyKev, c => (int)c.Track[TrackColumns.EnergyKev]!)
            .String(TrackColumns.SourcePath, c => c.SourcePath)
            .NullableString(TrackColumns.TruthFirstInteraction, c => c.Track.GetValueOrDefault(TrackColumns.TruthFirstInteraction) as string)
            .String(TrackColumns.PredictedClass, c => c.Track.GetValueOrDefault(TrackColumns.PredictedClass) as string ?? "");
        foreach (var name in FeatureColumns)
            schema.NullableDouble(name, c => c.Track.GetValueOrDefault(name) is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null);
        var batch = schema.CreateBatch();
        foreach (var c in candidates) batch.Add(c);
        await ParquetTableFile.WriteAsync(path, batch.Buffers, null, cancellationToken);
    }
}
