using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Pipeline;

public class TerminalTextTests
{
    [Theory]
    [InlineData("LAr/electrons/E0001000/TrackE0001000_D20250527_T1.npz", "LAr/electrons/E0001000/TrackE0001000_D20250527_T1.npz")]
    [InlineData("\u001b[2J\u001b[31mRED", "\\x1B[2J\\x1B[31mRED")]
    [InlineData("os\nFAKE: all 108 tracks OK", "os\\x0AFAKE: all 108 tracks OK")]
    [InlineData("a\tb\rc\u007fd\u009be", "a\\x09b\\x0Dc\\x7Fd\\x9Be")]
    [InlineData("evil\u202Egnp.npz", "evil\\u202Egnp.npz")]
    [InlineData("µm, ±, Ω, 漢字", "µm, ±, Ω, 漢字")]
    public void Text_from_the_input_prints_on_one_line_with_its_controls_visible(string text, string printed) =>
        Assert.Equal(printed, TerminalText.OneLine(text));
}
