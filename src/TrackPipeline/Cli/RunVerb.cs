using System.CommandLine;
using System.CommandLine.Parsing;
using TrackPipeline.App.Commands;
using TrackPipeline.Config;

namespace TrackPipeline.App.Cli;

/// <summary><c>run</c>: the main job. Short options stand for settings; <c>--Section:Key VALUE</c> sets any other.</summary>
public static class RunVerb
{
    public static Command Create(IReadOnlyList<string> settingPairs)
    {
        var command = new Command("run", "The main job: read tracks, drift, read out, measure topology, classify, write Parquet tables and pictures. " +
            "Any setting can also be given as --Section:Key VALUE (all of them, with their values: --show-settings).");
        var input = Setting<string>("--input", "Run:Input", "DIR", "Dataset root (<material>/<particle>/E<7 digits>/TrackE*.npz at any depth). Without it a small default dataset is generated into OUT/generated.");
        var output = Setting<string>("--output", "Run:Output", "DIR", "Output folder; re-running into it resumes.");
        var shard = Setting<string>("--shard", "Run:Shard", "K/N", "Process a deterministic 1/N of the tracks (SLURM job arrays: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT).");
        var seed = Setting<string>("--seed", "Run:Seed", "S", "Run seed; every track's random streams follow from it and a digest of the track's deposits (never its file name, which carries the truth).");
        var parallelism = Setting<string>("--max-parallelism", "Run:MaxParallelism", "P", "Tracks in flight per stage (0: one per core).");
        var readout = Setting<string>("--readout", "Detector:Readout", "NAME", "Readout preset of config/readouts, or none to skip drift and readout.");
        // Completed from the shipped presets, not restricted to them: --Detector:ConfigDirectory may hold others.
        readout.CompletionSources.Add([.. Presets(Path.Combine("config", "readouts")), "none"]);
        var depth = Setting<string>("--depth", "Detector:DepthM", "M", "Extra drift distance below the anode, metres.");
        var images = Setting<string>("--images", "Images:Mode", "MODE", "Pictures: all (every track, sheets, gallery), quest (the ranked candidates only), none.");
        images.AcceptOnlyFromAmong("all", "quest", "none");
        var pipeline = new Option<string>("--pipeline") { Description = "A preset of pipelines/ layered over the defaults.", HelpName = "NAME" };
        pipeline.AcceptOnlyFromAmong([.. Presets("pipelines")]);
        var config = new Option<FileInfo>("--config") { Description = "Extra JSON settings (same layout as appsettings.json).", HelpName = "FILE" };
        config.AcceptExistingOnly();
        var show = new Option<bool>("--show-settings") { Description = "Print the effective settings (defaults from appsettings.json and config/analysis.json, then overrides) as JSON and exit." };
        var verbose = new Option<bool>("--verbose") { Description = "Print the full exception of a fatal error, and the stack trace of each track that failed (its log line and errors-table row say what failed, in one line)." };

        var mapped = new Option[] { input, output, shard, seed, parallelism, readout, depth, images };
        foreach (var option in mapped) command.Options.Add(option);
        command.Options.Add(pipeline);
        command.Options.Add(config);
        command.Options.Add(show);
        command.Options.Add(verbose);

        command.SetAction(async (parse, _) =>
        {
            var settings = new List<string>();
            foreach (var option in mapped)
            {
                var result = parse.GetResult(option);
                if (result is null || result.Implicit) continue;
                // Two sources for one setting on one command line would be resolved silently: refuse instead.
                var pair = settingPairs.FirstOrDefault(p => string.Equals(p.Split('=', 2)[0], "--" + SettingKey(option), StringComparison.OrdinalIgnoreCase));
                if (pair is not null)
                    throw new CommandLineException($"{option.Name} and {pair.Split('=', 2)[0]} both set {SettingKey(option)}; give one of them");
                settings.Add("--" + SettingKey(option));
                settings.Add(result.Tokens.Count > 0 ? result.Tokens[^1].Value : "");
            }
            settings.AddRange(settingPairs);
            return await RunCommand.RunAsync(new RunInvocation(
                parse.GetValue(config)?.FullName, parse.GetValue(pipeline), settings.ToArray(), parse.GetValue(show), parse.GetValue(verbose)));
        });
        return command;
    }

    private static readonly Dictionary<Option, string> Keys = [];

    // Values stay text here: the settings catalog converts and checks them, so a bad value names its setting (Run:Seed).
    private static Option<T> Setting<T>(string name, string key, string helpName, string description)
    {
        var option = new Option<T>(name) { Description = $"{description} [{key}]", HelpName = helpName };
        Keys[option] = key;
        return option;
    }

    private static string SettingKey(Option option) => Keys[option];

    /// <summary>The preset names (file names without .json) of a folder shipped beside the program.</summary>
    private static IEnumerable<string> Presets(string folder)
    {
        var path = Path.Combine(ShippedSettings.Directory, folder);
        return Directory.Exists(path) ? Directory.GetFiles(path, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal) : [];
    }
}
