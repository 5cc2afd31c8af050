using System.Text.Json;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The passes after the last track on the real sample (issue 13, round 12): run.json says when each was done and what CPU
/// each kind of gallery sheet cost, and the sheets the gallery queues while it reads the tables are all on disk, whole,
/// with no temporary file left, when the run reports itself done.
/// </summary>
public sealed class GalleryTailOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    [SharedDataFact]
    public void Run_json_times_the_post_run_passes_in_order_and_counts_each_kind_of_sheets_CPU()
    {
        run.AssertSucceeded();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Output, "run.json")));
        var timeline = doc.RootElement.GetProperty("timeline_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        string[] order = ["tables_closed", "quest_selected", "missing_pictures_drawn", "gallery_done", "pictures_on_disk", "post_passes_done"];
        foreach (var phase in order) Assert.True(timeline.ContainsKey(phase), $"timeline_seconds lacks {phase}: {string.Join(", ", timeline.Keys)}");
        for (int i = 1; i < order.Length; i++)
            Assert.True(timeline[order[i - 1]] <= timeline[order[i]], $"{order[i - 1]} at {timeline[order[i - 1]]} s comes after {order[i]} at {timeline[order[i]]} s");

        var cpu = doc.RootElement.GetProperty("post_pass_cpu_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        // Every kind the sample's gallery draws cost some CPU, and the parts add up to no more than the process's whole tail
        // (one thread's clock per sheet; the process's over the tail includes the writes, the tables read and the plots' filling).
        string[] kinds = ["gallery_quest_pictures", "gallery_contact_sheets", "gallery_comparisons", "gallery_side_by_side", "gallery_plots"];
        foreach (var kind in kinds) Assert.True(cpu.GetValueOrDefault(kind) > 0, $"post_pass_cpu_seconds.{kind} is {cpu.GetValueOrDefault(kind)}: {doc.RootElement.GetProperty("post_pass_cpu_seconds")}");
        Assert.True(cpu.ContainsKey("quest_selection") && cpu.ContainsKey("gallery") && cpu.ContainsKey("all"), doc.RootElement.GetProperty("post_pass_cpu_seconds").ToString());
        double sheets = kinds.Sum(k => cpu[k]);
        // 10 ms of slack: the process clock and the threads' clocks tick apart.
        Assert.True(sheets <= cpu["all"] + 0.01, $"the sheets' {sheets:F3} CPU-s exceed the whole tail's {cpu["all"]:F3}");
    }

    [SharedDataFact]
    public void Every_sheet_of_every_energy_is_on_disk_whole_with_no_temporary_file_left()
    {
        run.AssertSucceeded();
        var images = Path.Combine(run.Output, ImagePaths.ImagesFolder);
        foreach (var energy in Directory.GetDirectories(Path.Combine(TestData.TracksRoot!, "LAr", "electrons")).Select(d => int.Parse(Path.GetFileName(d)[1..], System.Globalization.CultureInfo.InvariantCulture)))
            foreach (var sheet in new[] { ImagePaths.Comparison(run.Output, energy), ImagePaths.SideBySide(run.Output, energy),
                         ImagePaths.ContactSheet(run.Output, "electrons", energy), ImagePaths.ContactSheet(run.Output, "photons", energy) })
            {
                Assert.True(File.Exists(sheet), $"{sheet} was not drawn");
                using var bitmap = PngDecoder.Decode(sheet);   // throws, naming the problem, when the sheet is not a whole PNG
                Assert.True(bitmap.Width > 0 && bitmap.Height > 0, $"{sheet} is empty");
            }
        // The sheets are renamed into place before they are flushed; a temporary file left would be a write that never ended.
        Assert.Empty(Directory.EnumerateFiles(images, ".*", SearchOption.AllDirectories));
    }
}
