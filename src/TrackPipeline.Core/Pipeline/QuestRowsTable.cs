using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The quest's side table (<see cref="OutputLayout.QuestRows"/>): a detail table with one row per track and only the
/// columns the quest ranks by and copies (<see cref="QuestSelection.SideTableColumns"/>, taken from the tracks table's
/// own columns, so the values are the same). Written with each tracks part, atomically and before it, and cleaned on
/// resume like every detail table. Each row also goes to the run's <see cref="QuestTally"/> as it passes the writer.
/// </summary>
public sealed class QuestRowsTable : IDetailTable
{
    private readonly TableSchema<TrackItem> _schema;
    private readonly QuestTally _tally;

    private QuestRowsTable(TableSchema<TrackItem> schema, QuestTally tally)
    {
        _schema = schema;
        _tally = tally;
    }

    /// <summary>The side table of a run whose tracks table is <paramref name="tracks"/>; null when the run does not classify (no quest).</summary>
    public static QuestRowsTable? For(TableSchema<TrackItem> tracks, QuestTally tally) =>
        tracks.Names.Contains(QuestSelection.ScoreColumn(QuestCategory.Quest[0]))
            ? new QuestRowsTable(tracks.Select(QuestSelection.SideTableColumns), tally)
            : null;

    public string Folder => OutputLayout.QuestRows;

    public IDetailBatch CreateBatch() => new Batch(_schema.CreateBatch(), _tally);

    private sealed class Batch(TableBatch<TrackItem> rows, QuestTally tally) : IDetailBatch
    {
        public int RowCount => rows.Count;
        public IReadOnlyList<ColumnBuffer> Buffers => rows.Buffers;

        public void Add(TrackItem item)
        {
            rows.Add(item);
            int row = rows.Count - 1;
            var source = item.Source;
            // A track without a class (no charge read out, NotClassifiedReason) is in the side table but not in the quest.
            if (item.Scores is not { } scores) return;
            // The row as a reader of the side table gets it, partition keys included (they live in the folder names).
            tally.Offer(scores.QuestKey, c => scores[c], item.RequireTrack().RandomKey, source.RelativePath, () =>
            {
                var values = rows.Row(row);
                values[TrackColumns.Particle] = source.Particle;
                values[TrackColumns.EnergyKev] = source.EnergyKev;
                return values;
            });
        }

        public void Clear() => rows.Clear();
    }
}
