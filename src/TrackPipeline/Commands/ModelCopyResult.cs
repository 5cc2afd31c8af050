using TrackPipeline.Classification;

namespace TrackPipeline.App.Commands;

/// <summary>
/// What <see cref="RunModelCopy.Install(string, string, string, ClassifierSettings, TextWriter)"/> did with the model just
/// trained (<paramref name="Trained"/>): nothing when <c>Classifier:ModelPath</c> is empty (<paramref name="ModelPathEmpty"/>),
/// else the copies <c>run</c> and <c>evaluate</c> read that it <paramref name="Written"/> and those it could not write
/// (<paramref name="NotWritten"/>, each warned about). Both empty: the trained model is the one they read.
/// </summary>
internal sealed record ModelCopyResult(string Trained, bool ModelPathEmpty, IReadOnlyList<string> Written, IReadOnlyList<string> NotWritten)
{
    /// <summary>The end of <c>train</c>'s last line ("model and provenance written to DIR in N s..."): which model run reads.</summary>
    public string Describe()
    {
        // run and evaluate refuse an empty Classifier:ModelPath (breaker17: this line said run "does not classify").
        if (ModelPathEmpty) return $"; Classifier:ModelPath is empty, so it was copied nowhere else: run and evaluate need --Classifier:ModelPath {Trained}";
        if (NotWritten.Count > 0)
            return (Written.Count > 0 ? $", and to {string.Join(" and ", Written)}" : "") +
                $"; NOT to {string.Join(" and ", NotWritten)}, which run and evaluate read (still the old model): pass --Classifier:ModelPath {Trained}";
        return Written.Count switch
        {
            0 => ", the model run and evaluate read (Classifier:ModelPath)",
            1 => $", and to {Written[0]}, the model run and evaluate read (Classifier:ModelPath)",
            _ => $", and to {string.Join(" and ", Written)}, the models run and evaluate read (Classifier:ModelPath beside the ReadyToRun build and the Native AOT binary ./trackpipeline runs)",
        };
    }
}
