using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Output;

/// <summary>
/// A truncated errors part lost its truth-only rows on rerun (session 27 breaker13 item 1); and
/// a truncated pixels part went unnoticed on rerun (exit 0, its tracks skipped, their pixels lost for good) while a damaged
/// tracks or quest-rows part is refused (known issues, session 26 breaker12 item 6).
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed class DamagedPartsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-pixels-part-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task A_truncated_pixels_part_is_refused_in_one_line_and_the_advice_recovers_it()
    {
        // One folder of the sample (real tracks), linked.
        var input = Path.Combine(_work, "in");
        var folder = Path.Combine("LAr", "electrons", "E0001000");
        var into = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)))
            File.CreateSymbolicLink(Path.Combine(into, Path.GetFileName(file)), file);
        var output = Path.Combine(_work, "out");
        string[] args = ["run", "--input", input, "--output", output, "--images", "none"];
        var (first, _, firstError) = await Hosting.ConsoleCapture.RunAsync(args);
        Assert.True(first == ExitCodes.Success, firstError);
        var pixels = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Pixels)));
        var intact = File.ReadAllBytes(pixels);
        File.WriteAllBytes(pixels, intact[..(intact.Length / 2)]);

        var (code, _, error) = await Hosting.ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Contains(pixels, line);
        var tracksPart = Path.Combine(output, OutputLayout.Tracks, Path.GetRelativePath(Path.Combine(output, OutputLayout.Pixels), pixels));
        Assert.Contains(tracksPart, line);

        // As the line says: delete both, rerun; the tracks are processed again and their pixels written whole.
        File.Delete(pixels);
        File.Delete(tracksPart);
        var (again, _, againError) = await Hosting.ConsoleCapture.RunAsync(args);
        Assert.True(again == ExitCodes.Success, againError);
        var rewritten = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Pixels)));
        Assert.True((await ParquetDataset.ReadColumnsAsync(rewritten, null, Path.Combine(output, OutputLayout.Pixels))).RowCount > 0);
    }

    [SharedDataFact]
    public async Task A_truncated_errors_part_is_refused_in_one_line_and_keeps_its_truth_only_rows()
    {
        // One folder of the sample, its first .pickle cut in half: the track is written without truth and one errors row
        // names the .pickle (truth only). A rerun carries that row forward from the errors part, then deletes the part:
        // an unreadable part used to be skipped with a warning and deleted, the row lost for good and the rerun exit 0.
        var input = Path.Combine(_work, "in");
        var folder = Path.Combine("LAr", "photons", "E0001000");
        var into = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
        bool cut = false;
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)).Order(StringComparer.Ordinal))
        {
            var to = Path.Combine(into, Path.GetFileName(file));
            if (!cut && file.EndsWith(".pickle", StringComparison.Ordinal))
            {
                var bytes = File.ReadAllBytes(file);
                File.WriteAllBytes(to, bytes[..(bytes.Length / 2)]);
                cut = true;
            }
            else File.CreateSymbolicLink(to, file);
        }
        var output = Path.Combine(_work, "out");
        string[] args = ["run", "--input", input, "--output", output, "--images", "none"];
        var (first, _, firstError) = await Hosting.ConsoleCapture.RunAsync(args);
        Assert.True(first == ExitCodes.SomeInputsRejected, firstError);
        var errors = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Errors)));
        var intact = File.ReadAllBytes(errors);
        File.WriteAllBytes(errors, intact[..(intact.Length / 2)]);

        var (code, _, error) = await Hosting.ConsoleCapture.RunAsync(args);

        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Contains(errors, line);
        Assert.Contains("refused truth pickles", line);
        Assert.True(File.Exists(errors), "the refused rerun must leave the damaged errors part where it was");
        Assert.Equal(intact.Length / 2, new FileInfo(errors).Length);

        // Restored, the rerun carries the row forward as before: exit 2, the row still there.
        File.WriteAllBytes(errors, intact);
        var (again, _, againError) = await Hosting.ConsoleCapture.RunAsync(args);
        Assert.True(again == ExitCodes.SomeInputsRejected, againError);
        var kept = Assert.Single(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Errors)));
        Assert.Equal(1, (await ParquetDataset.ReadColumnsAsync(kept, null, Path.Combine(output, OutputLayout.Errors))).RowCount);
    }
}
