namespace TrackPipeline.Output;

/// <summary>
/// The names of everything a run writes below its output folder, in one place. Code that builds a path below
/// <c>OUT</c> takes its folder name from here, so a rename is one edit and resume, the gallery and the tests agree.
/// </summary>
public static class OutputLayout
{
    /// <summary><c>OUT/tracks/particle=&lt;p&gt;/energy_kev=&lt;e&gt;/part-*.parquet</c>: one row per track.</summary>
    public const string Tracks = "tracks";
    /// <summary><c>OUT/pixels/...</c>: the readout's samples, a detail table of the tracks table.</summary>
    public const string Pixels = "pixels";
    /// <summary><c>OUT/errors/part-*.parquet</c>: one row per rejected input.</summary>
    public const string Errors = "errors";
    /// <summary><c>OUT/quest/</c>: the ranked candidates and the best candidate's picture per category.</summary>
    public const string Quest = "quest";
    /// <summary>
    /// <c>OUT/quest-rows/...</c>: a detail table, one row per track with only what the quest ranks by and copies (scores,
    /// energy split, identity and feature columns), so the quest of a later run or the merge pass reads these small
    /// files instead of the tracks table.
    /// </summary>
    public const string QuestRows = "quest-rows";
    /// <summary><c>OUT/quest/candidates.parquet</c>.</summary>
    public const string QuestCandidatesFile = "candidates.parquet";
    /// <summary><c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/</c>: track pictures, contact sheets, folder pages.</summary>
    public const string Images = "images";
    /// <summary><c>OUT/events/...</c>: interactive 3D event displays.</summary>
    public const string Events = "events";
    /// <summary><c>OUT/viewer/</c>: the event display's scripts, written once per output.</summary>
    public const string Viewer = "viewer";
    /// <summary><c>OUT/plots/</c>: the run's histograms and the classifier's plots.</summary>
    public const string Plots = "plots";
    /// <summary><c>OUT/runs/</c>: every invocation's report, kept.</summary>
    public const string Runs = "runs";
    /// <summary><c>OUT/.locks/&lt;K&gt;of&lt;N&gt;.lock</c>: shard writer locks.</summary>
    public const string Locks = ".locks";
    /// <summary><c>OUT/generated/</c>: the default dataset when a run is given no input.</summary>
    public const string Generated = "generated";
    /// <summary><c>OUT/index.html</c>: the gallery (and each image folder's page).</summary>
    public const string IndexFile = "index.html";
    /// <summary><c>OUT/run.json</c> (unsharded) or <c>OUT/run-&lt;K&gt;of&lt;N&gt;.json</c>: the latest invocation's report.</summary>
    public const string RunReportFile = "run.json";

    /// <summary>
    /// The detail tables: partitioned like the tracks table, one file per track file of the same name, written before it.
    /// Resume deletes a detail file whose track file never landed, for every folder listed here, whether or not
    /// the resuming run writes that table. A new detail table adds its folder here; <see cref="Pipeline.DatasetWriter"/>
    /// refuses an unregistered one (its orphans would survive a resume).
    /// </summary>
    public static IReadOnlyList<string> DetailTables { get; } = [Pixels, QuestRows];
}
