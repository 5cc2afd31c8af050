using TrackPipeline.Output;

namespace TrackPipeline.Classification;

/// <summary>One ranked candidate of a quest category, with the figures that earned its rank.</summary>
/// <param name="Score">What the rank is by: the track's quest key in the category (<see cref="QuestRanking"/>).</param>
/// <param name="Probability">The model's probability of the category's class.</param>
public sealed record QuestCandidate(string Category, int Rank, double Score, double Probability, bool PassesThreshold, IReadOnlyDictionary<string, object?> Track)
{
    public string TrackId => (string)Track[TrackColumns.TrackId]!;
    public string SourcePath => (string)Track[TrackColumns.SourcePath]!;
}

/// <summary>
/// The quest: ranks the tracks of each category by score and writes <c>OUT/quest/candidates.parquet</c> with the top N
/// per category. The tracks of this run are offered as the writer passes them (<see cref="QuestTally"/>); those of
/// earlier runs and shards are read from the small <c>quest-rows</c> side table written beside each tracks part
/// (<see cref="OutputLayout.QuestRows"/>), never from the tracks table, so resumed and sharded runs give the same
/// answer as one run.
/// </summary>
public static class QuestSelection
{
    /// <summary>
    /// Columns copied into the candidates table: the detector features the scores are built from (<c>pix_*</c>), the
    /// reconstruction's V the pair categories are ranked on (energy split, opening angle) and its vertex (m), then, to
    /// check them by eye, the raw-deposit shape and the truth (never used to rank). The reco figures sit beside the
    /// truth's so a candidate's rank can be checked against what it was ranked on (round 9: only the split was copied).
    /// </summary>
    public static readonly string[] FeatureColumns =
    [
        "pix_n_significant_clusters", "pix_main_cluster_charge_fraction", "pix_detached_charge_fraction", "pix_farthest_detached_mm",
        "pix_track_length_mm", "pix_n_branches", "pix_straightness", "pix_pca_linearity",
        "pix_vertex_n_prongs", "pix_vertex_opening_angle_deg", "pix_vertex_prong_symmetry",
        "reco_energy_split", "reco_opening_angle_deg", "reco_vertex_x_m", "reco_vertex_y_m", "reco_vertex_z_m",
        "raw_n_significant_clusters", "raw_main_cluster_charge_fraction", "raw_detached_charge_fraction", "raw_farthest_detached_mm",
        "raw_track_length_mm", "raw_n_branches", "raw_straightness", "raw_pca_linearity",
        "truth_raw_vertex_n_prongs", "truth_raw_vertex_opening_angle_deg", "truth_raw_vertex_prong_symmetry", "truth_raw_vertex_split_radius_mm",
        "raw_vertex_n_prongs", "raw_vertex_opening_angle_deg", "raw_vertex_prong_symmetry",
        "truth_n_brem", "truth_n_brem_above_min", "truth_brem_total_fraction", "truth_brem_max_fraction", "truth_n_compton", "truth_n_pair", "truth_n_photo",
    ];

    /// <summary>The copied features that are counts (INT32 in the tracks table), written as such in the candidates.</summary>
    private static readonly HashSet<string> CountFeatureColumns = new(StringComparer.Ordinal)
    {
        "pix_n_significant_clusters", "pix_n_branches", "pix_vertex_n_prongs", "raw_n_significant_clusters", "raw_n_branches",
        "truth_raw_vertex_n_prongs", "raw_vertex_n_prongs", "truth_n_brem", "truth_n_brem_above_min", "truth_n_compton", "truth_n_pair", "truth_n_photo",
    };

    private static readonly string[] IdentityColumns =
    [
        TrackColumns.TrackId, TrackColumns.Particle, TrackColumns.EnergyKev, TrackColumns.SourcePath, TrackColumns.TruthInitialParticle,
        TrackColumns.TruthFirstInteraction, TrackColumns.PredictedClass, TrackColumns.NPoints, TrackColumns.NumETotal, TrackColumns.DepositDigest,
    ];

    public static string ScoreColumn(string category) => TrackColumns.ScorePrefix + category;

    /// <summary>The tracks-table column of a track's ranking key in a quest category (<see cref="QuestRanking"/>).</summary>
    public static string KeyColumn(string category) => "quest_key_" + category;

    /// <summary>
    /// The tracks-table columns the quest reads that every run that classifies writes, checked against the run's schema at
    /// start-up: what it ranks by, names its candidates with, and copies from the raw deposits, reconstruction and truth.
    /// </summary>
    public static ColumnRequirement RequiredColumns { get; } = new("quest (QuestSelection)",
        [.. IdentityColumns, .. FeatureColumns.Where(c => !IsPixelFeature(c)), .. QuestCategory.Quest.Select(ScoreColumn), .. QuestCategory.Quest.Select(KeyColumn)],
        OnlyWith: ScoreColumn(QuestCategory.Quest[0]));

    /// <summary>
    /// The pixel features the quest copies, required only of a run with a readout: without one
    /// (<c>--readout none --Classifier:View PerfectDetector</c>) no stage writes them and the candidates hold nulls there
    /// (breaker 17 F6: that README mode was refused at start-up).
    /// </summary>
    public static ColumnRequirement PixelFeatureColumns { get; } = new("quest (QuestSelection)",
        [.. FeatureColumns.Where(IsPixelFeature)], OnlyWith: ScoreColumn(QuestCategory.Quest[0]), AndWith: TrackColumns.Readout);

    private static bool IsPixelFeature(string column) => column.StartsWith("pix_", StringComparison.Ordinal);

    /// <summary>The columns of the <c>quest-rows</c> side table: what the quest ranks by and what it copies (those the run writes).</summary>
    public static IReadOnlyList<string> SideTableColumns { get; } = [.. RequiredColumns.Columns.Concat(FeatureColumns).Distinct(StringComparer.Ordinal)];

    /// <summary>Offers one row of a tracks or side table (a row as <see cref="ParquetColumns.Row"/> or <see cref="TableBatch{TRow}.Row"/> gives it).</summary>
    public static void Offer(QuestTally tally, IReadOnlyDictionary<string, object?> row)
    {
        if (row.GetValueOrDefault(ScoreColumn(QuestCategory.Quest[0])) is null) return;   // not classified (no charge read out)
        tally.Offer(c => (double)row[KeyColumn(c)]!, c => (double)row[ScoreColumn(c)]!, row.GetValueOrDefault(TrackColumns.DepositDigest) as string,
            row.GetValueOrDefault(TrackColumns.SourcePath) as string, () => row);
    }

    /// <param name="tally">The tracks this run wrote, offered as they passed the writer (null: none).</param>
    /// <param name="writtenThisRun">The files this run wrote (their rows are in <paramref name="tally"/>): not read again.</param>
    public static async Task<IReadOnlyList<QuestCandidate>> SelectAsync(string outputRoot, double threshold, int topPerCategory,
        QuestTally? tally = null, IReadOnlyCollection<string>? writtenThisRun = null, CancellationToken cancellationToken = default)
    {
        tally ??= new QuestTally(topPerCategory);
        var skip = new HashSet<string>((writtenThisRun ?? []).Select(Path.GetFullPath), StringComparer.Ordinal);
        foreach (var (file, tableRoot) in EarlierParts(outputRoot))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (skip.Contains(Path.GetFullPath(file))) continue;
            await OfferFileAsync(tally, file, tableRoot);
        }
        var candidates = tally.Candidates(threshold);
        await WriteAsync(Path.Combine(outputRoot, OutputLayout.Quest, OutputLayout.QuestCandidatesFile), candidates, cancellationToken);
        return candidates;
    }

    /// <summary>
    /// Every side-table file of the output; and, for a tracks part written before side tables existed (no side file of
    /// the same name), the tracks file itself: what the quest reads of earlier runs and shards.
    /// </summary>
    public static IEnumerable<(string File, string TableRoot)> EarlierParts(string outputRoot)
    {
        var sideRoot = Path.Combine(outputRoot, OutputLayout.QuestRows);
        var tracksRoot = Path.Combine(outputRoot, OutputLayout.Tracks);
        var sides = ParquetDataset.FilesIn(sideRoot).ToList();
        var covered = sides.Select(f => Path.GetRelativePath(sideRoot, f)).ToHashSet(StringComparer.Ordinal);
        foreach (var f in sides) yield return (f, sideRoot);
        foreach (var f in ParquetDataset.FilesIn(tracksRoot))
            if (!covered.Contains(Path.GetRelativePath(tracksRoot, f))) yield return (f, tracksRoot);
    }

    /// <summary>One file's rows (a side table is small: its ranking and copied columns are read at once).</summary>
    private static async Task OfferFileAsync(QuestTally tally, string file, string tableRoot)
    {
        var scoreColumns = QuestCategory.Quest.Select(ScoreColumn).ToArray();
        var keyColumns = QuestCategory.Quest.Select(KeyColumn).ToArray();
        ParquetColumns table;
        try
        {
            table = await ParquetDataset.ReadColumnsAsync(file, [.. scoreColumns, .. keyColumns, .. IdentityColumns, .. FeatureColumns], tableRoot);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A side table is a copy of its tracks part's ranking columns: without it the quest reads the tracks part.
            throw tableRoot.EndsWith(OutputLayout.QuestRows, StringComparison.Ordinal) ? UnreadableSideTable(file, e) : CompletedTracks.Unreadable(file, e);
        }
        if (!table.Columns.ContainsKey(scoreColumns[0])) return;   // a run without the classifier
        if (!table.Columns.ContainsKey(keyColumns[0]))   // refused at start-up (PartsBeforeQuestKeys); here if one appeared since
            throw new InvalidDataException($"{file} was written before the quest's ranking keys (quest_key_* columns) existed: delete it with its tracks, pixels and quest-rows parts of the same name and rerun, so that all are ranked alike");
        // Parts written before the digest was a column have none: their ties fall to the path.
        var digests = table.Columns.ContainsKey(TrackColumns.DepositDigest) ? table.Get<string?>(TrackColumns.DepositDigest) : null;
        var paths = table.Columns.ContainsKey(TrackColumns.SourcePath) ? table.Get<string?>(TrackColumns.SourcePath) : null;
        var scores = QuestCategory.Quest.ToDictionary(c => c, c => NullableDoubles(table, ScoreColumn(c)), StringComparer.Ordinal);
        var keys = QuestCategory.Quest.ToDictionary(c => c, c => NullableDoubles(table, KeyColumn(c)), StringComparer.Ordinal);
        var first = scores[QuestCategory.Quest[0]];
        for (int r = 0; r < table.RowCount; r++)
        {
            int row = r;
            if (first[row] is null) continue;   // not classified (no charge read out): not in the quest
            tally.Offer(c => keys[c][row]!.Value, c => scores[c][row]!.Value, digests?[row], paths?[row], () => table.Row(row));
        }
    }

    /// <summary>The one-line error for a damaged side table (the start-up check and the quest say the same).</summary>
    public static InvalidDataException UnreadableSideTable(string file, Exception e) =>
        new($"quest side table {file} cannot be read ({e.Message}); delete it and rerun: the quest then reads its tracks part", e);

    /// <summary>A score or key column as nullable values: written optional since a track can go unclassified, required before.</summary>
    private static double?[] NullableDoubles(ParquetColumns table, string column) =>
        table.Columns.TryGetValue(column, out var a) && a is double[] required
            ? Array.ConvertAll(required, v => (double?)v)
            : table.Get<double?>(column);

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
        // Typed as in the tracks table: the counts as integers, the rest as doubles (breaker19 F6: every feature was a double).
        foreach (var name in FeatureColumns)
            if (CountFeatureColumns.Contains(name))
                schema.NullableInt32(name, c => c.Track.GetValueOrDefault(name) is { } v ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null);
            else
                schema.NullableDouble(name, c => c.Track.GetValueOrDefault(name) is { } v ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null);
        var batch = schema.CreateBatch();
        foreach (var c in candidates) batch.Add(c);
        await ParquetTableFile.WriteAsync(path, batch.Buffers, null, cancellationToken);
    }
}
