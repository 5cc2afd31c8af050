using System.Text.Json.Nodes;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// What the run-report tests (<see cref="RunReportsTests"/>, <see cref="UnfinishedRunsTests"/>) start from: a one-track input
/// (the sample's first 1 MeV electron) and an output beside it in a temporary folder, and the reports of earlier invocations
/// put on record in the output's <c>runs/</c> under the names a run gives them (<see cref="DatasetLayout.RunHistoryFile"/>).
/// </summary>
public sealed class RunReportsOnRecord : IDisposable
{
    public RunReportsOnRecord(string prefix)
    {
        Work = Directory.CreateTempSubdirectory(prefix).FullName;
        Input = Path.Combine(Work, "in");
        var folder = Directory.CreateDirectory(Path.Combine(Input, "LAr", "electrons", "E0001000")).FullName;
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        File.Copy(npz, Path.Combine(folder, Path.GetFileName(npz)));
        Output = Path.Combine(Work, "out");
    }

    public string Work { get; }

    /// <summary>The folder to pass as <c>--input</c>: one track.</summary>
    public string Input { get; }

    /// <summary>The output folder (not created: the first run, or <see cref="Record"/>, makes it).</summary>
    public string Output { get; }

    /// <summary>The report <paramref name="json"/> of an invocation of <paramref name="shard"/> started at <paramref name="started"/> by process <paramref name="processId"/>, on record; its path.</summary>
    public string Record(string json, ShardSpec shard, DateTimeOffset started, int processId)
    {
        var path = new DatasetLayout(Output, shard).RunHistoryFile(started, processId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The report a run of <paramref name="shard"/> writes when it starts (status running, nothing written yet), with the shipped settings.</summary>
    public static JsonObject Running(ShardSpec shard) => new()
    {
        ["tool"] = "TrackPipeline",
        ["status"] = "running",
        ["shard"] = shard.ToString(),
        ["counts"] = new JsonObject { ["tracks_written"] = 0 },
        ["configuration"] = RunReport.ConfigurationJson(RunCommand.CreateBuilder(null, []).Configuration),
        [TrackPipeline.Output.TableLayout.ReportKey] = TrackPipeline.Output.TableLayout.Current,
    };

    public void Dispose() => Directory.Delete(Work, recursive: true);
}
