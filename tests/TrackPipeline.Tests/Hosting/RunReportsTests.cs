using Microsoft.Extensions.Configuration;
using TrackPipeline.App;
using TrackPipeline.App.Hosting;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// A run's start-up read every report of the output (run.json, runs/) three times: the early settings check, the
/// forgetting of runs without rows and the check under the settings lock; a job array's output holds thousands. Now
/// each report is parsed once per process, and again only when it changed.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class RunReportsTests
{
    [SharedDataFact]
    public async Task The_start_up_checks_parse_each_report_once_and_a_changed_one_again()
    {
        using var on = new RunReportsOnRecord("tp-reports-");
        var output = on.Output;
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(["run", "--input", on.Input, "--output", output, "--images", "none"])).Code);
        // 200 more invocations on record, as a job array leaves them.
        var report = Directory.GetFiles(Path.Combine(output, OutputLayout.Runs)).Single();
        var json = File.ReadAllText(report);
        for (int i = 0; i < 200; i++) on.Record(json, ShardSpec.Single, new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i), 1000 + i);
        int files = Directory.GetFiles(output, "run*.json").Length + Directory.GetFiles(Path.Combine(output, OutputLayout.Runs)).Length;

        var current = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Run:Seed"] = "7" }).Build();
        var reports = new RunReports(output);
        // The three steps of the start-up, in its order (PipelineService): early check, then under the settings lock.
        Assert.NotEmpty(RowSettings.Differences(reports, current));
        RowSettings.ForgetRunsWithoutRows(reports, _ => false);
        Assert.NotEmpty(RowSettings.Differences(reports, current, _ => false));
        Assert.Equal(files, reports.Parses);

        // A report that changed (a run that ended meanwhile) is read again, and only that one.
        File.AppendAllText(report, "\n");
        File.SetLastWriteTimeUtc(report, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal(files, reports.Current().Count);
        Assert.Equal(files + 1, reports.Parses);
    }
}
