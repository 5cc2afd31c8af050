using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using TrackPipeline.App.Cli;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The README's summary of the commands is what each verb accepts (tried on a fresh clone, eighth session: it lacked
/// <c>train --tracks-csv</c>): every option of every verb is in its lines, and every option there is the verb's.
/// </summary>
public sealed class ReadmeCommandsTests
{
    private static readonly Regex OptionToken = new(@"--[a-z][a-z-]*\b(?!:)", RegexOptions.Compiled);

    /// <summary>The README's command summary: each verb's first line and the indented lines after it.</summary>
    private static Dictionary<string, string> Summary()
    {
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = readme.IndexOf("\nrun      [", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no command summary starting 'run      ['");
        var block = readme[(start + 1)..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
        var verbs = new Dictionary<string, string>();
        string? current = null;
        foreach (var line in block.Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0])) current = line.Split(' ', 2)[0];
            if (current is null) continue;
            verbs[current] = verbs.GetValueOrDefault(current, "") + " " + line;
        }
        return verbs;
    }

    [Fact]
    public void Every_verb_and_option_is_in_the_READMEs_summary_and_nothing_else()
    {
        var summary = Summary();
        var root = CommandLineApp.Build();
        Assert.Equal(root.Subcommands.Select(c => c.Name).Order(), summary.Keys.Order());
        foreach (var verb in root.Subcommands)
        {
            var options = verb.Options.Where(o => o is not HelpOption).Select(o => o.Name).ToHashSet();
            var documented = OptionToken.Matches(summary[verb.Name]).Select(m => m.Value).ToHashSet();
            Assert.True(options.SetEquals(documented),
                $"{verb.Name}: missing from the README {string.Join(", ", options.Except(documented))}; not an option {string.Join(", ", documented.Except(options))}");
        }
    }
}
