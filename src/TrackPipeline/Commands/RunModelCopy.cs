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
    /// <c>evaluate</c> reads), each atomically, unless that is the same file. Says where it wrote and where it could not.
    /// </summary>
    public static ModelCopyResult Install(string trainedOnnx, string trainedZip, string trainedJson, ClassifierSettings classifier, TextWriter error) =>
        Install(trainedOnnx, trainedZip, trainedJson, classifier, AppContext.BaseDirectory, error);

    /// <summary>
    /// As above for a program in <paramref name="programFolder"/>. A model path relative to the program's folder (the shipped
    /// default) is also written into every Native AOT publish folder of the same build (breaker 11 F3): the launcher runs
    /// <c>train</c> in the ReadyToRun build and <c>run</c> in the AOT binary, each of which reads the model beside itself.
    /// </summary>
    internal static ModelCopyResult Install(string trainedOnnx, string trainedZip, string trainedJson, ClassifierSettings classifier, string programFolder, TextWriter error)
    {
        var trained = Path.GetFullPath(trainedOnnx);
        if (string.IsNullOrWhiteSpace(classifier.ModelPath))
            return new ModelCopyResult(trained, ModelPathEmpty: true, [], []);
        bool besideProgram = !Path.IsPathRooted(classifier.ModelPath);
        var targets = new List<string> { Path.GetFullPath(besideProgram ? Path.Combine(programFolder, classifier.ModelPath) : classifier.ModelPath) };
        if (besideProgram)
            foreach (var publish in NativeAotPublishFolder.BesideReadyToRunBuild(programFolder)) targets.Add(Path.GetFullPath(Path.Combine(publish, classifier.ModelPath)));
        var written = new List<string>();
        var notWritten = new List<string>();
        foreach (var target in targets)
        {
            if (string.Equals(target, trained, StringComparison.Ordinal)) continue;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                // The model before its provenance: evaluate reads the provenance only beside a model.
                Copy(trainedZip, Path.ChangeExtension(target, ".zip"));
                Copy(trainedOnnx, target);
                Copy(trainedJson, Path.ChangeExtension(target, ".json"));
                written.Add(target);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"trackpipeline: train: warning: could not write the model to {target}, the one run and evaluate read ({e.Message})");
                notWritten.Add(target);
            }
        }
        return new ModelCopyResult(trained, ModelPathEmpty: false, written, notWritten);
    }

    private static void Copy(string from, string to) => AtomicFile.Write(to, s => { using var source = File.OpenRead(from); source.CopyTo(s); });
}
