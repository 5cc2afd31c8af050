namespace TrackPipeline.Output;

/// <summary>
/// The rules the tables are written by that are no setting: a version recorded in <c>run.json</c> and compared when a run
/// writes into an output that already has rows, so that one table never follows two rules (breaker20 item 2: an output
/// written before session 32, resumed by this version, kept its bare ids beside new <c>c3~</c> ones and its coarse rows'
/// NaN beside new nulls, without a word). A report that does not record it wrote layout 1.
/// </summary>
public static class TableLayout
{
    /// <summary>The key in <c>run.json</c> and <c>runs/</c> reports.</summary>
    public const string ReportKey = "table_layout";

    /// <summary>
    /// 2 (session 32): a track in a sub-tree of the input has the sub-tree in its <c>track_id</c> (<c>Tracks/TrackIdentity</c>,
    /// the pictures' rule), and a coarse row's coordinate along its wire is null. 1: bare file stems, NaN.
    /// </summary>
    public const int Current = 2;

    /// <summary>What a report that predates the key wrote.</summary>
    public const int Unrecorded = 1;
}
