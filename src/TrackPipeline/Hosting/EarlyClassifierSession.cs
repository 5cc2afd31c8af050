using TrackPipeline.Classification;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The classifier model a run scores with: its file read once, when the run's settings are checked, and its ONNX session
/// made from those bytes. The digest run.json and runs/ record, and a resume compares, is of the same bytes
/// (<see cref="Read"/>): a model replaced at its path while the run starts (train installs one by an atomic rename) is
/// not recorded for the one the run scored with (breaker17 F1).
/// The session is begun at once on a thread of its own, instead of when the stages are built after the host's start and
/// the shard lease: its ~0.1 CPU-s then overlaps the host's start as well as the first tracks' measurement
/// (docs/benchmarks/whole-run.md, rounds 15 and 16). The classification stage takes it over (<see cref="Take"/>); one never
/// taken (a run refused before its stages) is waited for and disposed here, since a process that exits while ONNX Runtime
/// creates its session dies in native code (round 10). A run that generates its default dataset begins it only when the
/// stage takes it (<c>beginSession: false</c>, RunCommand): its first rows wait for the generation, not the session.
/// </summary>
public sealed class EarlyClassifierSession : IDisposable
{
    private readonly string? _path;
    private readonly byte[]? _graph;
    private readonly InvalidDataException? _unreadable;
    private Task<ClassifierModel>? _model;
    private int _taken;

    private EarlyClassifierSession(string? path, bool beginSession)
    {
        _path = path;
        if (path is null) return;
        try
        {
            _graph = ClassifierModel.ReadGraph(path, out var sha256);
            Read = new ClassifierModelRead(path, sha256);
        }
        catch (InvalidDataException e)
        {
            _unreadable = e;   // the stage's error when it takes the session, as ClassifierModel.Load's would be
            Read = new ClassifierModelRead(path, null);
        }
        if (beginSession) _model = Begin();
    }

    /// <summary>Reads the model file <paramref name="modelFile"/> and begins its session (null: the run does not classify; nothing is read).</summary>
    /// <param name="beginSession">False: the session is made only when the stage takes it (the bytes are read now all the same).</param>
    public static EarlyClassifierSession Start(string? modelFile, bool beginSession = true) =>
        new(modelFile is null ? null : Path.GetFullPath(modelFile), beginSession);

    /// <summary>The file read and the SHA-256 of the bytes read (what the run scores with); both null when the run does not classify.</summary>
    public ClassifierModelRead Read { get; private set; } = ClassifierModelRead.None;

    private Task<ClassifierModel> Begin() => _graph is null
        ? Task.FromException<ClassifierModel>(_unreadable!)
        : Task.Factory.StartNew(() => ClassifierModel.FromGraph(_graph, _path!), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// The session of the bytes read for <paramref name="modelPath"/>, once (later calls, or another path: null, and the
    /// caller loads its own). A model that cannot be read or loaded is the task's fault, <see cref="ClassifierModel.Load"/>'s own error.
    /// </summary>
    public Task<ClassifierModel>? Take(string modelPath)
    {
        if (_path is null || !string.Equals(Path.GetFullPath(modelPath), _path, StringComparison.Ordinal)) return null;
        if (Interlocked.Exchange(ref _taken, 1) != 0) return null;
        return _model ??= Begin();
    }

    public void Dispose()
    {
        if (_model is null || Interlocked.Exchange(ref _taken, 1) != 0) return;
        // Not taken: waited for (see above); its failure is not this run's error (the run never needed it).
        _model.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Wait();
        if (_model.IsCompletedSuccessfully) _model.Result.Dispose();
    }
}
