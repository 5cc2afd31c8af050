using System.Globalization;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using RunOptions = TrackPipeline.Pipeline.RunOptions;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>evaluate [--input DIR | --seed S --count N --energies-kev LIST] [--run-seeds N | --run-seeds S1,S2,...] [--Classifier:ModelPath FILE] [--report FILE.md] [--title TEXT] [--tracks-csv FILE]</c>:
/// classifies tracks that have truth with the trained model, from the detector's view, and reports the confusion
/// matrix, efficiency and purity per class and energy, and the issue-9 targets. Without <c>--input</c> it generates
/// fresh tracks: give a seed other than the training seed so that none was used in training.
/// With <c>--run-seeds</c> the same tracks are measured again with other run seeds (the drift's and readout's random
/// stream) and the report adds the issue-9 figures per seed with their mean, sd and range (<see cref="RunSeedSpread"/>).
/// </summary>
public static class EvaluateCommand
{
    public static Task<int> ExecuteAsync(string[] args, TextWriter output) => Task.FromResult(Run(args, output, out _));

    /// <summary>The command; <paramref name="spread"/> is the figures over the run seeds (one seed without <c>--run-seeds</c>), null on failure.</summary>
    internal static int Run(string[] args, TextWriter output, out RunSeedSpread? spread)
    {
        spread = null;
        using var setup = LearningSetup.Parse(args, "evaluate", ["--report", "--title", "--tracks-csv", "--run-seeds"]);
        // --seed, --count, --energies-kev and --work describe a generated sample: beside --input they were ignored without a word (breaker 8 F7).
        setup.RefuseGenerationOptionsBesideInput();
        // Stopped, it says so and removes its temporary files (the report's, the table's: breaker19 F7).
        using var stop = Hosting.CommandStop.Register("evaluate");
        try
        {
            var settings = setup.Options<ClassifierSettings>();
            var seeds = RunSeeds(setup.Extra.GetValueOrDefault("--run-seeds"), setup.Options<RunOptions>().Seed);
            using var model = ClassifierModel.Load(settings.ResolvedModelPath);
            if (setup.Input is null && TrainingSeedOf(settings.ResolvedModelPath) == setup.Seed)
                Console.Error.WriteLine($"trackpipeline: evaluate: warning: seed {setup.Seed} is the seed the model was trained on " +
                    $"({Path.ChangeExtension(settings.ResolvedModelPath, ".json")}): these generated tracks are the ones it was fitted on, so the " +
                    "report overstates it; give --seed another value");
            var (sources, _) = setup.Tracks(output);
            double symmetricMinRatio = setup.Options<LabelSettings>().SymmetricMinRatio;
            // The first seed is the full report (Run:Seed unless a list names another first); the others only add their figures.
            var tracks = setup.Measure(sources, output, model, runSeed: seeds[0]);
            var report = ClassificationReport.Of(tracks, symmetricMinRatio);
            var perSeed = new List<(ulong, ClassificationReport)> { (seeds[0], report) };
            // N whole passes from the read on: the tracks are few and reading them is a small part of a pass, so keeping
            // every read track in memory between seeds is not worth its cost for a generated sample of thousands.
            foreach (var seed in seeds.Skip(1))
            {
                output.WriteLine($"run seed {seed}: measuring {sources.Count} tracks again");
                perSeed.Add((seed, ClassificationReport.Of(setup.Measure(sources, output, model, runSeed: seed), symmetricMinRatio)));
            }
            spread = RunSeedSpread.Of(perSeed);
            var title = setup.Extra.GetValueOrDefault("--title") ?? (setup.Input is not null ? $"Tracks of {setup.Input}" : $"Generated tracks, seed {setup.Seed}");
            var markdown = WithProvenance(report.ToMarkdown(title), Provenance(setup, settings.ResolvedModelPath, model, seeds[0]));
            // One seed: today's report, unchanged.
            if (seeds.Count > 1) markdown += Environment.NewLine + spread.ToMarkdown();
            output.WriteLine(markdown);
            if (setup.Extra.GetValueOrDefault("--report") is { } path)
                Output.AtomicFile.WriteAllTextAsync(path, markdown).GetAwaiter().GetResult();
            if (setup.Extra.GetValueOrDefault("--tracks-csv") is { } csv)
                Output.AtomicFile.WriteAllTextAsync(csv, TrackTable.ToCsv(tracks)).GetAwaiter().GetResult();
            // Over several seeds the goals are judged on the means (a single seed's figure is one draw of them); a target
            // without tracks in this sample (no photons of its energies) is not judged.
            bool met = seeds.Count > 1 ? spread.MeansMeetGoals : report.GoalsMet;
            return met ? ExitCodes.Success : ExitCodes.SomeInputsRejected;
        }
        catch (Exception e) when (LearningSetup.IsUserFailure(e))
        {
            return LearningSetup.ReportFailure("evaluate", e);
        }
    }

    /// <summary>
    /// What the figures below depend on, under the report's title (breaker 9 B3: a report at 0.01 m and one at the default
    /// depth differed, and nothing in them said which was which): the model by file and content, the readout, the drift
    /// depth, the run seed of the first table and where the tracks came from.
    /// </summary>
    /// <param name="model">The model the figures were scored with: its digest is of the bytes loaded, not of the file as it is
    /// when the report is written (a model replaced during the evaluation was reported for the old one's figures, breaker17 F1).</param>
    internal static string Provenance(LearningSetup setup, string modelPath, ClassifierModel model, ulong firstRunSeed)
    {
        var c = CultureInfo.InvariantCulture;
        var detector = setup.Options<Pipeline.DetectorOptions>();
        string file = Path.GetFullPath(modelPath);
        string sha256 = model.Sha256;
        string tracks = setup.Input is { } input
            ? $"read from {Path.GetFullPath(input)} (--input)"
            : $"generated, seed {setup.Seed}, {setup.CountPerEnergy} per particle and energy, energies {string.Join(", ", setup.EnergiesKev.Select(e => e.ToString(c)))} keV";
        return string.Join(Environment.NewLine,
            $"- model: {file} (sha256 {sha256})",
            $"- readout: {detector.Readout}; drift depth {detector.DepthM.ToString("R", c)} m (Detector:DepthM)",
            $"- run seed of this table: {firstRunSeed.ToString(c)}",
            $"- tracks: {tracks}") + Environment.NewLine;
    }

    /// <summary><paramref name="provenance"/> after the report's title line and its blank line.</summary>
    internal static string WithProvenance(string markdown, string provenance)
    {
        string gap = Environment.NewLine + Environment.NewLine;
        int at = markdown.IndexOf(gap, StringComparison.Ordinal);
        return at < 0 ? provenance + Environment.NewLine + markdown : markdown.Insert(at + gap.Length, provenance + Environment.NewLine);
    }

    /// <summary>
    /// The seed of the generated sample the model was fitted on, from its provenance beside it (<c>classifier.json</c>);
    /// null when there is none. The default seed of <c>evaluate</c> is the training seed (one Training:Seed for both), and
    /// the same seed generates the same tracks: a user who gives no --seed would measure the model on its training sample.
    /// </summary>
    private static ulong? TrainingSeedOf(string modelPath)
    {
        try
        {
            var provenance = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(modelPath, ".json")));
            return provenance?["seed"]?.GetValue<ulong>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The most run seeds one evaluate measures: a bound for the command line, not physics. Each seed is a pass over every
    /// track (minutes for a generated sample), and the sd over n seeds is itself known to about 1 / sqrt(2 (n - 1)): 2 % at 1000.
    /// </summary>
    internal const int MaxRunSeeds = 1000;

    /// <summary>
    /// <c>--run-seeds</c>: a count N gives Run:Seed and then 1, 2, ... (skipping Run:Seed) up to N seeds, the set
    /// docs/classification.md quotes (N = 5: 12345, 1, 2, 3, 4); a comma-separated list gives the seeds as listed, the
    /// first one reported in full. Absent: Run:Seed alone. A single other seed is <c>--Run:Seed S</c>.
    /// </summary>
    internal static IReadOnlyList<ulong> RunSeeds(string? text, ulong runSeed)
    {
        if (text is null) return [runSeed];
        string tooMany = $"at most {MaxRunSeeds} seeds (each is a whole pass over the tracks; the sd of a figure is well measured long before)";
        if (text.Contains(',', StringComparison.Ordinal))
        {
            var list = text.Split(',', StringSplitOptions.TrimEntries).Select(s =>
                ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new CommandLineException($"--run-seeds: '{s}' is not a non-negative integer seed (give a count N or a list S1,S2,...)")).ToList();
            if (list.Distinct().Count() != list.Count) throw new CommandLineException($"--run-seeds: the list {text} names a seed twice");
            if (list.Count > MaxRunSeeds) throw new CommandLineException($"--run-seeds: the list has {list.Count} seeds; {tooMany}");
            return list;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new CommandLineException($"--run-seeds: '{text}' is neither a count of seeds (a positive integer) nor a list S1,S2,...");
        // Before anything is allocated for them: 2147483647 aborted the process with "Out of memory." (breaker 8 F7).
        if (n > MaxRunSeeds) throw new CommandLineException($"--run-seeds: {text} seeds; {tooMany}");
        var seeds = new List<ulong>(n) { runSeed };
        for (ulong s = 1; seeds.Count < n; s++)
            if (s != runSeed) seeds.Add(s);
        return seeds;
    }
}
