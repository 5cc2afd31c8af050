using System.Text.Json;
using System.Text.Json.Nodes;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// A run killed with kill -9 (or crashed, or whose node went down) leaves its <c>runs/</c> report as it wrote it at start:
/// <c>"status": "running"</c> with zero tracks written, for good, beside the report of the run that resumed its rows
/// (mend 11, found being a user). The next run into the output, under <see cref="SettingsLock"/> and before it
/// records its own report, marks every such report whose shard no live process holds as ended unfinished, saying when and
/// why, so that the history does not show a run as alive that is not. What else the report says (its start, its settings)
/// is left as written.
/// </summary>
public static class UnfinishedRuns
{
    /// <summary>The status of a run that ended without finishing its report.</summary>
    public const string Status = "ended_unfinished";

    /// <summary>Marks the dead "running" reports of <paramref name="reports"/> (<paramref name="isLiveElsewhere"/>: a live process holds that shard).</summary>
    public static void Mark(RunReports reports, Func<ShardSpec, bool> isLiveElsewhere)
    {
        foreach (var (report, listed) in reports.Current())
        {
            if (listed["status"]?.GetValueKind() != JsonValueKind.String || listed["status"]!.GetValue<string>() != "running") continue;
            if (RowSettings.IsRunning(report, listed, isLiveElsewhere)) continue;   // alive: it completes its own report
            try
            {
                // Read again now that its shard is known free: a run writes its final report before it lets go of the
                // shard, so one that ended between the first read and the lock check is seen completed here.
                if (JsonNode.Parse(File.ReadAllText(report)) is not JsonObject fresh || fresh["status"]?.GetValueKind() != JsonValueKind.String
                    || fresh["status"]!.GetValue<string>() != "running") continue;
                fresh["status"] = Status;
                fresh["exit_code"] = null;
                fresh["finished_utc"] = null;
                fresh["status_note"] = $"found ended without finishing its report (killed, crashed or its machine stopped) by a run started {DateTimeOffset.UtcNow:O}; " +
                    "its counts are those at its start; the rows it wrote stay in the output and later runs skip them";
                reports.Replace(report, fresh);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { }   // not ours or being replaced: left as it is
        }
    }
}
