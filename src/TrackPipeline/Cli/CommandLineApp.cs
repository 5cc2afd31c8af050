using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using TrackPipeline.App.Commands;

namespace TrackPipeline.App.Cli;

/// <summary>
/// The command line: System.CommandLine verbs, each with its own <c>--help</c>, valid values listed and completed,
/// typo corrections, and every error one line. The run's settings stay in Microsoft.Extensions.Configuration: the
/// short options here map to <c>Section:Key</c> settings, and any other <c>--Section:Key VALUE</c> passes through to be
/// checked against the settings catalog.
/// </summary>
public static class CommandLineApp
{
    public const string ProgramName = "trackpipeline";

    public static RootCommand Build() => Build([]);

    /// <summary>The command tree; <paramref name="settingPairs"/> are the <c>--Section:Key VALUE</c> tokens taken out before parsing.</summary>
    public static RootCommand Build(IReadOnlyList<string> settingPairs)
    {
        var root = new RootCommand("TrackPipeline: process liquid-argon TPC track datasets (GammaTPC / GAMPix) into Parquet tables and pictures.");
        root.Subcommands.Add(RunVerb.Create(settingPairs));
        root.Subcommands.Add(GenerateVerb.Create());
        root.Subcommands.Add(InspectVerb.Create());
        root.Subcommands.Add(LearningVerbs.Train(settingPairs));
        root.Subcommands.Add(LearningVerbs.Evaluate(settingPairs));
        var version = new Command("version", "Print the version.");
        version.SetAction(_ =>
        {
            Console.Out.WriteLine(VersionInfo.Text);
            return ExitCodes.Success;
        });
        root.Subcommands.Add(version);
        return root;
    }

    /// <summary>Parses and runs. Parse errors are one line each (with a typo correction where one is near) and exit 1.</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        try
        {
            return await ParseAndInvokeAsync(args);
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine($"{ProgramName}: {e.Message}");
            return ExitCodes.Fatal;
        }
        // A shipped settings file missing beside the program is met where a type first reads the defaults, inside its
        // static initializer: the message is what the user needs, the wrapping and the stack are not (breaker 17 F8).
        catch (Exception e) when (e.GetBaseException() is TrackPipeline.Config.ShippedSettingsMissingException missing)
        {
            Console.Error.WriteLine($"{ProgramName}: {missing.Message}");
            return ExitCodes.Fatal;
        }
    }

    private static async Task<int> ParseAndInvokeAsync(string[] args)
    {
        var (rest, settingPairs) = SplitSettingPairs(args);
        var parse = Build(settingPairs).Parse(rest);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // One line per mistake: the option it concerns, what is wrong, and where the help is.
            foreach (var error in parse.Errors.Where(e => !IsValueOfUnknownOption(parse, e, rest)))
                Console.Error.WriteLine($"{ProgramName}: {OptionName(error)}{OneLine(error.Message)}{Suggestion(parse, error)} (see '{ProgramName} {CommandPath(parse)}--help')");
            return ExitCodes.Fatal;
        }
        try
        {
            // The run handles Ctrl+C itself (exit 130, run.json says what was written); keep System.CommandLine out of it.
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (CommandLineException e)
        {
            Console.Error.WriteLine($"{ProgramName}: {e.Message} (see '{ProgramName} {CommandPath(parse)}--help')");
            return ExitCodes.Fatal;
        }
    }

    /// <summary>
    /// Takes the <c>--Section:Key VALUE</c> (or <c>--Section:Key=VALUE</c>) settings out of the arguments: they are not
    /// options of the parser but configuration keys, checked later against the settings catalog.
    /// </summary>
    /// <remarks>
    /// One setting given twice on one command line (<c>--Run:Seed 1 ... --Run:Seed 2</c>), or a whole list beside one of
    /// its items (<c>--Topology:ProngSearchRadiiMm 3,7 --Topology:ProngSearchRadiiMm:2 9</c>), is refused in one line
    /// naming both: the configuration would keep the last value, or the whole list, without a word. Across sources the
    /// layering stays last-wins, as Microsoft.Extensions.Configuration has it and users of it expect: the shipped files,
    /// then <c>--config</c>, then the environment, then the command line (docs/configuration.md).
    /// </remarks>
    public static (string[] Others, string[] SettingPairs) SplitSettingPairs(string[] args)
    {
        var rest = new List<string>();
        var pairs = new List<string>();
        var given = new List<(string Key, string Typed)>();
        for (int i = 0; i < args.Length; i++)
        {
            var key = args[i].Split('=', 2)[0];
            if (!key.StartsWith("--", StringComparison.Ordinal) || !key.Contains(':', StringComparison.Ordinal))
            {
                rest.Add(args[i]);
                continue;
            }
            pairs.Add(args[i]);
            string typed = args[i];
            if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) throw new CommandLineException($"{key} needs a value");
                pairs.Add(args[++i]);
                typed += " " + args[i];
            }
            var setting = key[2..];
            foreach (var (earlierKey, earlierTyped) in given)
            {
                bool same = setting.Equals(earlierKey, StringComparison.OrdinalIgnoreCase);
                bool nested = setting.StartsWith(earlierKey + ":", StringComparison.OrdinalIgnoreCase) || earlierKey.StartsWith(setting + ":", StringComparison.OrdinalIgnoreCase);
                if (same)
                    throw new CommandLineException($"{earlierTyped} and {typed} both set {setting} on the command line; give it once");
                if (nested)
                {
                    var whole = setting.Length < earlierKey.Length ? setting : earlierKey;
                    throw new CommandLineException($"{earlierTyped} and {typed} both set {whole} on the command line (a whole list and one of its items); give the whole list once, e.g. --{whole} 4,9");
                }
            }
            given.Add((setting, typed));
        }
        return (rest.ToArray(), pairs.ToArray());
    }

    /// <summary>"--images: " when the error is about an option's value, so the line names the setting.</summary>
    private static string OptionName(ParseError error) =>
        error.SymbolResult is OptionResult { Option: var option } ? option.Name + ": "
        : error.SymbolResult is ArgumentResult { Parent: OptionResult { Option: var parent } } ? parent.Name + ": "
        : "";

    /// <summary>
    /// The value after a mistyped option (<c>--imagse none</c>) is reported as a second unknown token; the line about
    /// the option (with its "did you mean") says it all.
    /// </summary>
    private static bool IsValueOfUnknownOption(ParseResult parse, ParseError error, string[] args)
    {
        var token = parse.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
        if (token is null || token.StartsWith('-')) return false;
        int at = Array.IndexOf(args, token);
        return at > 0 && args[at - 1].StartsWith("--", StringComparison.Ordinal) && parse.UnmatchedTokens.Contains(args[at - 1]);
    }

    private static string OneLine(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message.Trim(), @"\s*\n\s*", " ");

    private static string CommandPath(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "" : parse.CommandResult.Command.Name + " ";

    /// <summary>" (did you mean --output?)" for an unknown option close to a known one.</summary>
    private static string Suggestion(ParseResult parse, ParseError error)
    {
        var token = parse.UnmatchedTokens.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
        if (token is null) return "";
        var command = parse.CommandResult.Command;
        var names = token.StartsWith('-') ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name)) : command.Subcommands.Select(c => c.Name);
        return Hosting.SettingsCatalog.Nearest(token, names);
    }
}
