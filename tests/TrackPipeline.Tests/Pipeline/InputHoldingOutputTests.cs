using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// breaker16 F: <c>run --input OUT --output OUT</c> read OUT/generated/... as inputs and wrote every track a second time
/// (240 rows for 120). An input folder that is the output folder or holds it is refused in one line naming Run:Input; an
/// input below the output (the README's OUT/generated into OUT) is not.
/// </summary>
public sealed class InputHoldingOutputTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-input-output-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string? InputProblem(string input, string output) =>
        new RunOptions { Input = input, Output = output }.Problems().SingleOrDefault(p => p.StartsWith("Run:Input:", StringComparison.Ordinal));

    [Fact]
    public void An_input_that_is_or_holds_the_output_is_refused_and_one_below_it_is_not()
    {
        var output = Directory.CreateDirectory(Path.Combine(_work, "out")).FullName;
        var generated = Directory.CreateDirectory(Path.Combine(output, "generated")).FullName;
        var link = Path.Combine(_work, "link");
        Directory.CreateSymbolicLink(link, output);

        Assert.Contains("holds it", InputProblem(output, output));
        Assert.Contains("holds it", InputProblem(output + Path.DirectorySeparatorChar, Path.Combine(output, ".")));
        Assert.Contains("holds it", InputProblem(_work, output));             // the output below the input
        Assert.Contains("holds it", InputProblem(link, output));              // the same folder through a link
        Assert.Null(InputProblem(generated, output));                          // the README's command
        Assert.Null(InputProblem(output, Path.Combine(_work, "out2")));        // a sibling whose name starts alike
    }
}
