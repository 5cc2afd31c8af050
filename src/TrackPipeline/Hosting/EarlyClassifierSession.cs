using TrackPipeline.Classification;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The classifier's ONNX session begun as soon as a run's settings are checked, on a thread of its own, instead of when
/// the stages are built after the host's start and the shard lease: its ~0.1 CPU-s then overlaps the host's start as well
/// as the first tracks' measurement (docs/benchmarks/whole-run.md, rounds 15 and 16). The classification stage takes it
/// over (<see cref="Take"/>); one never taken (a run refused before its stages) is waited for and disposed here, since a
/// process that exits while ONNX Runtime creates its session dies in native code (round 10). A run that generates its
/// default dataset does not begin one (RunCommand): its first rows wait for the generation, not the session.
/// </summary>
public sealed class EarlyClassifierSession : IDisposable
{
    private readonly string? _path;
    private readonly Task<ClassifierModel>? _model;
    private int _taken;

    private EarlyClassifierSession(string? path)
    {
        _path = path;
        if (path is not null)
            _model = Task.Factory.StartNew(() => ClassifierModel.Load(path), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Begins loading the model at <paramref name="modelFile"/> (null: the run does not classify; nothing is begun).</summary>
    public static EarlyClassifierSession Start(string? modelFile) => new(modelFile is null ? null : Path.GetFullPath(modelFile));

    /// <summary>
    /// The session being made for <paramref name="modelPath"/>, once (later calls, or another path: null, and the caller
    /// loads its own). A model that cannot load is the task's fault, <see cref="ClassifierModel.Load"/>'s own error.
    /// </summary>
    public Task<ClassifierModel>? Take(string modelPath)
    {
        if (_model is null || !string.Equals(Path.GetFullPath(modelPath), _path, StringComparison.Ordinal)) return null;
        return Interlocked.Exchange(ref _taken, 1) == 0 ? _model : null;
    }

    public void Dispose()
    {
        if (_model is null || Interlocked.Exchange(ref _taken, 1) != 0) return;
        // Not taken: waited for (see above); its failure is not this run's error (the run never needed it).
        _model.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait();
        if (_model.IsCompletedSuccessfully) _model.Result.Dispose();
    }
}
