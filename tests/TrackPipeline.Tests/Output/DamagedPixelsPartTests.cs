using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Output;

/// <summary>
/// A truncated pixels part went unnoticed on rerun (exit 0, its tracks skipped, their pixels lost for good) while a damaged
/// tracks or quest-rows part is refused (known issues, session 26 breaker12 item 6).
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed class DamagedPixelsPartTests : IDisposable
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
}
