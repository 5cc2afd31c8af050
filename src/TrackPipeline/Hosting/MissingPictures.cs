using Microsoft.Extensions.Logging;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Pictures are drawn by the run that processes a track; a later run skips it. So a quest winner processed with
/// <c>--images none</c> (one shard of a job array, or an earlier run) had no picture in the merge pass (known issue R1),
/// and an <c>--images all</c> rerun over tracks processed with <c>quest</c> or <c>none</c> left every cell of the contact
/// sheets "not drawn" (Q3). This pass finds such a track's input file again from its <c>source_path</c> below this run's
/// input, takes it through the whole chain once more (seeded as always from the run seed and its deposits, so the
/// picture is the one an unsharded run draws) and lets the render stage draw it; nothing is written to the tables.
/// A file that is gone, or whose deposits are no longer those of the row, is named in a warning and left undrawn.
/// </summary>
public sealed class MissingPictures(IReadOnlyList<ITrackStage> stages, string input, CompressedTrackPolicy compressed, int parallelism, ILogger logger)
{
    /// <summary>The deposits' bounding box as the row has it (<c>x_min_m</c> ... <c>z_max_m</c>).</summary>
    private static readonly string[] BoundsColumns = ["x_min_m", "x_max_m", "y_min_m", "y_max_m", "z_min_m", "z_max_m"];

    /// <summary>What a row must hold to be found and checked again.</summary>
    public static readonly string[] Columns =
        [TrackColumns.TrackId, TrackColumns.Particle, TrackColumns.EnergyKev, TrackColumns.SourcePath, TrackColumns.NPoints, TrackColumns.NumETotal, .. BoundsColumns];

    /// <summary>
    /// Draws every row's track; returns the rows it could not draw, each with the reason and, when the track was read
    /// but its picture failed to draw or write, the item whose <see cref="TrackItem.BestEffortFailure"/> is its errors-table row.
    /// </summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, object?> Row, string Why, TrackItem? ErrorRow)>> DrawAsync(
        IReadOnlyCollection<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        var failed = new List<(IReadOnlyDictionary<string, object?>, string, TrackItem?)>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(rows, options, (row, _) =>
        {
            if (Draw(row, out var errorRow) is { } why)
                lock (failed) failed.Add((row, why, errorRow));
            return ValueTask.CompletedTask;
        });
        return failed;
    }

    /// <summary>Null when drawn, else why not.</summary>
    private string? Draw(IReadOnlyDictionary<string, object?> row, out TrackItem? errorRow)
    {
        errorRow = null;
        if (row.GetValueOrDefault(TrackColumns.SourcePath) is not string relative)
            return "the tracks table has no source_path for it";
        var source = DatasetDiscovery.Locate(input, relative, compressed);
        if (source is null)
            return $"its input file {relative} is not under {Path.GetFullPath(input)} (run with the --input it was processed from)";
        var item = new TrackItem(source);
        foreach (var stage in stages)
        {
            try { stage.Process(item, CancellationToken.None); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "{Stage} failed on {Track} while drawing it again", stage.Name, relative);
                // The picture itself failed (the data are as processed): an errors-table row, as in the run that processed it.
                if (stage is IBestEffortStage)
                {
                    item.BestEffortFailure = TrackPipelineGraph.BestEffortFailureOf(source, stage, e);
                    errorRow = item;
                }
                return $"{stage.Name} failed on {relative}: {e.Message}";
            }
            // A picture file the render stage could not write: its row is made, as in the run that processed it.
            if (stage is IBestEffortStage && item.BestEffortFailure is { } written)
            {
                errorRow = item;
                return written.Message;
            }
            if (stage is ReadStage && !SameDeposits(item.RequireTrack().Deposits, row))
                return $"{relative} no longer holds the deposits it was processed with (n_points, num_e_total or the bounding box differ)";
            // Checked as soon as the scores exist, before the render stage draws anything.
            if (stage is ClassificationStage && ChangedScore(item, row) is { } column)
                return $"{relative} no longer holds the deposits it was processed with (its {column} differs)";
        }
        return null;
    }

    /// <summary>
    /// A quest winner's row (from the quest side tables) has its scores, not its bounding box: the same deposits give the
    /// same scores (seeded per track), so a score that moved is a file that changed. The first such column, or null.
    /// </summary>
    private static string? ChangedScore(TrackItem item, IReadOnlyDictionary<string, object?> row)
    {
        if (item.Scores is not { } scores) return null;
        foreach (var category in QuestCategory.Quest)
            if (row.TryGetValue(QuestSelection.ScoreColumn(category), out var v) && v is not null
                && Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) != scores[category])
                return QuestSelection.ScoreColumn(category);
        return null;
    }

    /// <summary>
    /// The file is still the one the row was made from: same number of deposits, same charge and the same bounding box
    /// (the box catches a track moved, mirrored or with its axes swapped, which keep count and charge: breaker B2).
    /// The row holds no digest of the deposits, so an edit inside the box that keeps both sums is not seen.
    /// </summary>
    private static bool SameDeposits(Deposits deposits, IReadOnlyDictionary<string, object?> row)
    {
        long electrons = 0;
        foreach (var e in deposits.NumElectrons) electrons += e;
        if (!(row.GetValueOrDefault(TrackColumns.NPoints) is { } n && Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) == deposits.Count
            && row.GetValueOrDefault(TrackColumns.NumETotal) is { } q && Convert.ToDouble(q, System.Globalization.CultureInfo.InvariantCulture) == electrons))
            return false;
        if (deposits.Count == 0) return true;
        var (lo, hi) = deposits.Bounds;
        ReadOnlySpan<double> box = [lo.X, hi.X, lo.Y, hi.Y, lo.Z, hi.Z];
        for (int i = 0; i < BoundsColumns.Length; i++)
            if (row.TryGetValue(BoundsColumns[i], out var v)   // a quest side-table row has no box: checked by its scores
                && (v is null || Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) != box[i]))
                return false;
        return true;
    }

    /// <summary>
    /// The rows of the tracks table that lack what an <c>--images all</c> run draws for them (for an all rerun over
    /// tracks processed with quest or none): the track picture; the thumbnail, for the tracks the contact sheets show;
    /// the event page, for those index.html shows. One partition at a time; only those rows are kept.
    /// </summary>
    public static async Task<List<IReadOnlyDictionary<string, object?>>> WithoutPicturesAsync(string outputRoot, RenderOptions options, CancellationToken cancellationToken)
    {
        var missing = new List<IReadOnlyDictionary<string, object?>>();
        var tracks = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        if (!Directory.Exists(tracks)) return missing;
        long sheets = options.ContactSheetMaxPages == 0 ? long.MaxValue : (long)options.ContactSheetMaxPages * options.ContactSheetTracksPerPage;
        int pages = options.EventDisplays ? options.IndexTracksPerFolder : 0;
        foreach (var particle in Directory.GetDirectories(tracks).Order(StringComparer.Ordinal))
            foreach (var partition in Directory.GetDirectories(particle).Order(StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                // In the order of the contact sheets and index.html (Gallery): by track id, then picture name.
                var rows = (await ParquetDataset.ReadAsync(partition, Columns, tracks)).Rows
                    .OrderBy(r => (string)r[TrackColumns.TrackId]!, StringComparer.Ordinal).ThenBy(PictureName.Of, StringComparer.Ordinal).ToList();
                for (int i = 0; i < rows.Count; i++)
                {
                    var row = rows[i];
                    string p = (string)row[TrackColumns.Particle]!, name = PictureName.Of(row);
                    int e = (int)row[TrackColumns.EnergyKev]!;
                    if (!File.Exists(ImagePaths.TrackImage(outputRoot, p, e, name))
                        || (i < sheets && !File.Exists(ImagePaths.Thumbnail(outputRoot, p, e, name)))
                        || (i < pages && !File.Exists(EventDisplay.PagePath(outputRoot, p, e, name))))
                        missing.Add(row);
                }
            }
        return missing;
    }
}
