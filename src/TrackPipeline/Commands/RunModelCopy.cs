using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.App.Commands;

/// <summary>
/// Where <c>train</c>'s model must also go for retraining to be one command. <c>run</c> and <c>evaluate</c> read
/// <c>Classifier:ModelPath</c>, by default resolved against the program's folder (the build output, an installed tool's
/// store; a relative path the user gives is resolved against the current folder, <see cref="Hosting.UserModelPath"/>),
/// while <c>train</c> writes into <c>--model-dir</c> (the working directory's <c>config/models</c>): without this copy
/// a program started directly, from a SLURM script or as a tool kept scoring with the old model until the next build.
/// </summary>
internal static class RunModelCopy
{
    /// <summary>
    /// Copies the trained graph <paramref name="trainedOnnx"/> to the model path <paramref name="classifier"/> resolves, and
    /// beside it the ML.NET zip <paramref name="trainedZip"/> and the provenance <paramref name="trainedJson"/> (which
    /// <c>evaluate</c> reads), each atomically, unless that is the same file. Returns what the last line of <c>train</c> says about it.
    /// </summary>
    public static string Install(string trainedOnnx, string trainedZip, string trainedJson, ClassifierSettings classifier, TextWriter error)
    {
        if (string.IsNullOrWhiteSpace(classifier.ModelPath))
            return "; Classifier:ModelPath is empty, so run does not classify with it";
        var target = Path.GetFullPath(classifier.ResolvedModelPath);
        if (string.Equals(target, Path.GetFullPath(trainedOnnx), StringComparison.Ordinal))
            return ", the model run and evaluate read (Classifier:ModelPath)";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The model before its provenance: evaluate reads the provenance only beside a model.
            Copy(trainedZip, Path.ChangeExtension(target, ".zip"));
            Copy(trainedOnnx, target);
            Copy(trainedJson, Path.ChangeExtension(target, ".json"));
            return $", and to {target}, the model run and evaluate read (Classifier:ModelPath)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"trackpipeline: train: warning: could not write the model to {target}, the one run and evaluate read ({e.Message})");
            return $"; NOT to {target}, which run and evaluate read (still the old model): pass --Classifier:ModelPath {Path.GetFullPath(trainedOnnx)}";
        }
    }

    private static void Copy(string from, string to) => AtomicFile.Write(to, s => { using var source = File.OpenRead(from); source.CopyTo(s); });
}
