using System.Text.Json.Nodes;
using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// breaker20 item 2: an output written before session 32 (bare track ids, NaN along a wire), resumed by this version, kept
/// its rows beside rows of the new rules without a word: duplicate ids where sub-trees share a name, NaN beside null in one
/// column. The tables' layout is recorded in every report and compared like a row-changing setting: refused in one line,
/// accepted with <c>Run:AllowMixedSettings</c>, and a resume by the same layout goes on.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class TableLayoutResumeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-layout-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task An_output_written_by_another_table_layout_refuses_a_resume_naming_it()
    {
        var output = Path.Combine(_work, "out");
        string[] common = ["run", "--output", output, "--images", "none"];
        var (first, _, firstError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 1)]);
        Assert.True(first == ExitCodes.Success, firstError);
        var reports = Directory.EnumerateFiles(output, "*.json", SearchOption.AllDirectories)
            .Where(f => JsonNode.Parse(File.ReadAllText(f)) is JsonObject o && o.ContainsKey("configuration")).ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, f => Assert.Equal(TableLayout.Current, JsonNode.Parse(File.ReadAllText(f))![TableLayout.ReportKey]!.GetValue<int>()));

        // The same layout: the resume goes on.
        var (same, _, sameError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 2)]);
        Assert.True(same == ExitCodes.Success, sameError);

        // As an older version wrote them: no layout recorded. Refused before a track is read, in one line naming it.
        foreach (var file in reports)
        {
            var root = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            root.Remove(TableLayout.ReportKey);
            File.WriteAllText(file, root.ToJsonString());
        }
        var (code, _, error) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 3)]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{TableLayout.ReportKey} {TableLayout.Unrecorded} (this run: {TableLayout.Current})", line);

        // Mixing on purpose is the user's call, as for any row-changing setting.
        var (mixed, _, mixedError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 3), "--Run:AllowMixedSettings", "true"]);
        Assert.True(mixed == ExitCodes.Success, mixedError);
    }
}
