using System.CommandLine;
using TrackPipeline.App.Commands;

namespace TrackPipeline.App.Cli;

/// <summary><c>train</c> and <c>evaluate</c>: the classifier's learning commands (docs/classification.md).</summary>
public static class LearningVerbs
{
    public static Command Train(IReadOnlyList<string> settingPairs) => Create("train",
        "Fit the track classifier (ML.NET gradient-boosted trees, Training:Model) on generated tracks measured by the pipeline's own stages; writes classifier.zip (ML.NET), classifier.onnx (its ONNX export, what run and evaluate score with) and its provenance classifier.json.",
        [("--model-dir", "DIR", "Where the model goes (default config/models: run from the repository root)."),
            ("--tracks-csv", "FILE", "Also write one line per measured track: truth, its class label, the features the model is fitted on (class probabilities for the held-out ones).")],
        TrainOrRefuse, settingPairs);

    /// <summary><c>train</c> where this build has the learner; one line saying where to train otherwise (<see cref="Learner"/>).</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only where Learner.IsSupported: the Native AOT publish sets it false and the compiler removes the call.")]
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where Learner.IsSupported: the Native AOT publish sets it false and the compiler removes the call.")]
    private static Task<int> TrainOrRefuse(string[] args, TextWriter output)
    {
        if (Learner.IsSupported) return TrainCommand.ExecuteAsync(args, output);
        Console.Error.WriteLine(Learner.NotInThisBuild);
        return Task.FromResult(ExitCodes.Fatal);
    }

    public static Command Evaluate(IReadOnlyList<string> settingPairs) => Create("evaluate",
        "Classify tracks that have truth with the trained model and report the confusion matrix, efficiency and purity per class and energy, and the targets. Exit 2 when a target is missed.",
        [("--report", "FILE.md", "Also write the report there."), ("--title", "TEXT", "Title of the report."),
            ("--tracks-csv", "FILE", "Also write one line per track: truth, prediction, class probabilities and the features the model saw."),
            ("--run-seeds", "N|S1,S2,...", $"Measure the same tracks with N run seeds (Run:Seed, then 1, 2, ...) or with the listed ones, and add the targets per seed with their mean, sd and range; the goals are then judged on the means (default 1: Run:Seed alone). At most {EvaluateCommand.MaxRunSeeds} seeds.")],
        EvaluateCommand.ExecuteAsync, settingPairs);

    private static Command Create(string name, string description, (string Name, string HelpName, string Description)[] extras,
        Func<string[], TextWriter, Task<int>> execute, IReadOnlyList<string> settingPairs)
    {
        var command = new Command(name, description + " Any setting: --Section:Key VALUE.");
        var common = new (string Name, string HelpName, string Description)[]
        {
            ("--input", "DIR", "A dataset with truth pickles (e.g. ../shared/data/Tracks) instead of generated tracks. Refused beside --seed, --count, --energies-kev or --work: they describe a generated sample (the fit itself draws nothing at random, so there is nothing else to seed)."),
            ("--work", "DIR", "Where generated tracks go (default: a private folder per user and request; reused only for the same particles, energies, count, seed and generator settings; a folder holding anything else is refused)."),
            ("--seed", "S", "Seed of the generated sample (default: Training:Seed of config/analysis.json, the training seed: evaluate warns then, as the same seed generates the model's own training tracks; give it another). Refused beside a different --Training:Seed, and beside --input."),
            ("--count", "N", "Generated tracks per particle and energy (not with --input)."),
            ("--energies-kev", "LIST", "Comma-separated energies of the generated sample, keV (not with --input)."),
            ("--config", "FILE", "Extra JSON settings (same layout as appsettings.json)."),
        };
        var options = common.Concat(extras).Select(o => new Option<string>(o.Name) { HelpName = o.HelpName, Description = o.Description }).ToList();
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((parse, _) =>
        {
            // The commands parse their arguments through LearningSetup; hand them over as given.
            var args = new List<string>();
            foreach (var option in options)
                if (parse.GetValue(option) is { } value) { args.Add(option.Name); args.Add(value); }
            args.AddRange(settingPairs);
            return execute([.. args], Console.Out);
        });
        return command;
    }
}
