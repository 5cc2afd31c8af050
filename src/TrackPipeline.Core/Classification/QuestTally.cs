namespace TrackPipeline.Classification;

/// <summary>
/// The best <c>N</c> tracks of each quest category seen so far, by their quest key (<see cref="QuestRanking"/>, highest first, ties by
/// the digest of the deposits, never the track id, whose file name carries the true energy; then by the path below the input root:
/// identical copies of a track), whatever order they are offered in: so rows fed as the writer passes them, and rows read from the side
/// tables of earlier runs and shards, give the same ranking as one pass over the whole tracks table. A track's row is
/// materialised only when it enters a top list. Not thread-safe: the writer feeds it from one thread.
/// </summary>
public sealed class QuestTally(int topPerCategory)
{
    private readonly Dictionary<string, List<Entry>> _best = QuestCategory.Quest.ToDictionary(c => c, _ => new List<Entry>(topPerCategory + 1), StringComparer.Ordinal);

    /// <summary>How many tracks were offered.</summary>
    public long Offered { get; private set; }

    /// <param name="key">The track's ranking key in each quest category (<c>quest_key_&lt;category&gt;</c>, <see cref="QuestRanking"/>).</param>
    /// <param name="probability">The track's class probabilities (<c>score_&lt;class&gt;</c>).</param>
    /// <param name="depositDigest">The digest of its deposits (<c>deposit_digest</c>; null in parts written before it was a column): orders equal keys.</param>
    /// <param name="sourcePath">Its path below the input root (<c>source_path</c>): orders identical copies (same deposits, so same keys) whatever order they arrive in.</param>
    /// <param name="row">Its columns for the candidates table; called at most once, only when it enters a top list.</param>
    public void Offer(Func<string, double> key, Func<string, double> probability, string? depositDigest, string? sourcePath, Func<IReadOnlyDictionary<string, object?>> row)
    {
        Offered++;
        IReadOnlyDictionary<string, object?>? columns = null;
        foreach (var category in QuestCategory.Quest)
        {
            double score = key(category);
            if (!(score > 0)) continue;
            var top = _best[category];
            int at = top.Count;
            while (at > 0 && Better(score, depositDigest, sourcePath, top[at - 1])) at--;
            if (at >= topPerCategory) continue;
            top.Insert(at, new Entry(score, probability(category), depositDigest, sourcePath, columns ??= row()));
            if (top.Count > topPerCategory) top.RemoveAt(topPerCategory);
        }
    }

    /// <summary>The ranked candidates of every quest category, in category order.</summary>
    public IReadOnlyList<QuestCandidate> Candidates(double threshold)
    {
        var candidates = new List<QuestCandidate>();
        foreach (var category in QuestCategory.Quest)
        {
            var ranked = _best[category];
            for (int i = 0; i < ranked.Count; i++)
                candidates.Add(new QuestCandidate(category, i + 1, ranked[i].Score, ranked[i].Probability, ranked[i].Probability >= threshold, ranked[i].Row));
        }
        return candidates;
    }

    private static bool Better(double score, string? depositDigest, string? sourcePath, Entry than)
    {
        if (score != than.Score) return score > than.Score;
        int byDeposits = string.CompareOrdinal(depositDigest, than.DepositDigest);
        return byDeposits != 0 ? byDeposits < 0 : string.CompareOrdinal(sourcePath, than.SourcePath) < 0;
    }

    private sealed record Entry(double Score, double Probability, string? DepositDigest, string? SourcePath, IReadOnlyDictionary<string, object?> Row);
}
