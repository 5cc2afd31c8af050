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
}
