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
public sealed class UnfinishedRunsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-unfinished-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static JsonObject Report(string shard) => new()
    {
        ["tool"] = "TrackPipeline",
        ["status"] = "running",
        ["shard"] = shard,
        ["counts"] = new JsonObject { ["tracks_written"] = 0 },
        ["configuration"] = RunReport.ConfigurationJson(RunCommand.CreateBuilder(null, []).Configuration),
    };

    [SharedDataFact]
    public async Task The_next_run_marks_a_dead_running_report_ended_and_leaves_a_live_one_running()
    {
        var input = Path.Combine(_work, "in", "LAr", "electrons", "E0001000");
        Directory.CreateDirectory(input);
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(input, Path.GetFileName(npz)));
        var output = Path.Combine(_work, "out");
        var runs = Directory.CreateDirectory(Path.Combine(output, OutputLayout.Runs)).FullName;
        // An earlier invocation of shard 0/2 killed with kill -9 (its process gone, its lock free), and shard 1/2 alive now.
        var dead = Path.Combine(runs, "20261128T150000.000Z-0of2-4000001.json");
        var live = Path.Combine(runs, "20261128T150001.000Z-1of2-4000002.json");
        File.WriteAllText(dead, Report("0/2").ToJsonString());
        File.WriteAllText(live, Report("1/2").ToJsonString());

        using (await ShardLease.AcquireAsync(output, new ShardSpec(1, 2), wait: false, CancellationToken.None))
        {
            Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(
                ["--input", Path.Combine(_work, "in"), "--output", output, "--shard", "0/2", "--images", "none"]));
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
