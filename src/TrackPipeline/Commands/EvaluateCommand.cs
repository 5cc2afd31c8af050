using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>evaluate [--input DIR | --seed S --count N --energies-kev LIST] [--Classifier:ModelPath FILE] [--report FILE.md] [--title TEXT] [--tracks-csv FILE]</c>:
/// classifies tracks that have truth with the trained model, from the detector's view, and reports the confusion
/// matrix, efficiency and purity per class and energy, and the issue-9 targets. Without <c>--input</c> it generates
/// fresh tracks: give a seed other than the training seed so that none was used in training.
/// </summary>
public static class EvaluateCommand
{
    public static Task<int> ExecuteAsync(string[] args, TextWriter output)
    {
        using var setup = LearningSetup.Parse(args, "evaluate", ["--report", "--title", "--tracks-csv"]);
        try
        {
            var settings = setup.Options<ClassifierSettings>();
            using var model = ClassifierModel.Load(settings.ResolvedModelPath);
            if (setup.Input is null && TrainingSeedOf(settings.ResolvedModelPath) == setup.Seed)
                Console.Error.WriteLine($"trackpipeline: evaluate: warning: seed {setup.Seed} is the seed the model was trained on " +
                    $"({Path.ChangeExtension(settings.ResolvedModelPath, ".json")}): these generated tracks are the ones it was fitted on, so the " +
                    "report overstates it; give --seed another value");
            var (sources, _) = setup.Tracks(output);
            var tracks = setup.Measure(sources, output, model);
            var report = ClassificationReport.Of(tracks, setup.Options<LabelSettings>().SymmetricMinRatio);
            var title = setup.Extra.GetValueOrDefault("--title") ?? (setup.Input is not null ? $"Tracks of {setup.Input}" : $"Generated tracks, seed {setup.Seed}");
            var markdown = report.ToMarkdown(title);
            output.WriteLine(markdown);
            if (setup.Extra.GetValueOrDefault("--report") is { } path)
                Output.AtomicFile.WriteAllTextAsync(path, markdown).GetAwaiter().GetResult();
            if (setup.Extra.GetValueOrDefault("--tracks-csv") is { } csv)
                Output.AtomicFile.WriteAllTextAsync(csv, TrackTable.ToCsv(tracks)).GetAwaiter().GetResult();
            return Task.FromResult(report.Targets.All(t => t.Met) ? ExitCodes.Success : ExitCodes.SomeInputsRejected);
        }
        catch (Exception e) when (LearningSetup.IsUserFailure(e))
        {
            return Task.FromResult(LearningSetup.ReportFailure("evaluate", e));
        }
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
}
