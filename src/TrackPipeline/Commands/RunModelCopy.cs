using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.App.Commands;

/// <summary>
/// Where <c>train</c>'s model must also go for retraining to be one command. <c>run</c> and <c>evaluate</c> read
/// <c>Classifier:ModelPath</c> resolved against the program's folder (the build output, an installed tool's store),
/// while <c>train</c> writes into <c>--model-dir</c> (the working directory's <c>config/models</c>): without this copy
/// a program started directly, from a SLURM script or as a tool kept scoring with the old model until the next build.
/// </summary>
internal static class RunModelCopy
{
    /// <summary>
    /// Copies the trained <paramref name="trainedZip"/> and its provenance (<paramref name="trainedJson"/>) to the model
    /// path <paramref name="classifier"/> resolves (and its <c>.json</c> beside it, which <c>evaluate</c> reads), each
    /// atomically, unless that is the same file. Returns what the last line of <c>train</c> says about it.
    /// </summary>
    public static string Install(string trainedZip, string trainedJson, ClassifierSettings classifier, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(classifier.ModelPath))
            return "; Classifier:ModelPath is empty, so run does not classify with it";
        var target = Path.GetFullPath(classifier.ResolvedModelPath);
        if (string.Equals(target, Path.GetFullPath(trainedZip), StringComparison.Ordinal))
            return ", the model run and evaluate read (Classifier:ModelPath)";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The model before its provenance: evaluate reads the provenance only beside a model.
            AtomicFile.Write(target, s => { using var from = File.OpenRead(trainedZip); from.CopyTo(s); });
            AtomicFile.Write(Path.ChangeExtension(target, ".json"), s => { using var from = File.OpenRead(trainedJson); from.CopyTo(s); });
            return $", and to {target}, the model run and evaluate read (Classifier:ModelPath)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"trackpipeline: train: warning: could not write the model to {target}, the one run and evaluate read ({e.Message})");
            return $"; NOT to {target}, which run and evaluate read (still the old model): pass --Classifier:ModelPath {Path.GetFullPath(trainedZip)}";
        }
    }
}
