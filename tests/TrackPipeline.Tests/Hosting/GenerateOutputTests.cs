using TrackPipeline.App;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 17 F7: <c>generate --output</c> naming a file, or a folder below a file, ended in an unhandled
/// AggregateException with a stack and exit 134 (the tracks are written in parallel). It is one line naming the file, exit 1.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class GenerateOutputTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-genout-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task An_output_that_is_a_file_or_below_one_is_one_line_and_exit_1()
    {
        var file = Path.Combine(_work, "a-file");
        File.WriteAllText(file, "not a folder");
        foreach (var output in (string[])[file, Path.Combine(file, "below", "it")])
        {
            var (code, _, error) = await ConsoleCapture.RunAsync(["generate", "--output", output, "--count", "1", "--particles", "electrons", "--energies-kev", "100"]);
            Assert.Equal(ExitCodes.Fatal, code);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"{file} is a file, not a folder", line);
            Assert.Equal("not a folder", File.ReadAllText(file));
        }
    }
}
