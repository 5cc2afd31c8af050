using System.Text.Json.Nodes;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Mend 11 (found being a user): a run killed with kill -9 left its runs/ report "running" with 0 tracks written for good,
/// beside the report of the run that resumed its rows. The next run marks it ended unfinished; a report whose shard a
/// live process holds is left running.
/// </summary>
public sealed class UnfinishedRunsTests
{
    [SharedDataFact]
    public async Task The_next_run_marks_a_dead_running_report_ended_and_leaves_a_live_one_running()
    {
        using var on = new RunReportsOnRecord("tp-unfinished-");
        var output = on.Output;
        // An earlier invocation of shard 0/2 killed with kill -9 (its process gone, its lock free), and shard 1/2 alive now.
        var started = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
        var dead = on.Record(RunReportsOnRecord.Running(new ShardSpec(0, 2)).ToJsonString(), new ShardSpec(0, 2), started, 4000001);
        var live = on.Record(RunReportsOnRecord.Running(new ShardSpec(1, 2)).ToJsonString(), new ShardSpec(1, 2), started.AddSeconds(1), 4000002);

        using (await ShardLease.AcquireAsync(output, new ShardSpec(1, 2), wait: false, CancellationToken.None))
        {
            Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(
                ["--input", on.Input, "--output", output, "--shard", "0/2", "--images", "none"]));
            var ended = JsonNode.Parse(File.ReadAllText(dead))!;
            Assert.Equal(UnfinishedRuns.Status, ended["status"]!.GetValue<string>());
            Assert.Contains("ended without finishing", ended["status_note"]!.GetValue<string>());
            Assert.Equal("0/2", ended["shard"]!.GetValue<string>());   // the rest as it was written
            Assert.Equal("running", JsonNode.Parse(File.ReadAllText(live))!["status"]!.GetValue<string>());
        }
        // This run's own report is completed, not touched by the marking.
        Assert.Equal("completed", JsonNode.Parse(File.ReadAllText(Path.Combine(output, "run-0of2.json")))!["status"]!.GetValue<string>());
    }
}
