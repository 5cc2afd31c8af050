using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The classifier's session begun when a run's settings are checked (round 16): the classification stage takes it over once,
/// whatever the spelling of the same path; one never taken, even a model that cannot load, is waited for and let go quietly
/// (the run that refused before its stages did not need it). The run's own refusal of a corrupt model is
/// RunLifecycleTests.A_corrupt_classifier_model_is_one_line_naming_it_and_leaves_no_report.
/// </summary>
public sealed class EarlyClassifierSessionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tp-early-session-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_stage_takes_the_session_once_by_the_same_file_under_any_spelling()
    {
        var model = Path.GetFullPath(Shipped.Classifier.ResolvedModelPath);
        using var session = EarlyClassifierSession.Start(model);
        var other = Path.Combine(Path.GetDirectoryName(model)!, ".", Path.GetFileName(model));
        Assert.Null(session.Take(Path.Combine(_root, "classifier.onnx")));
        var taken = session.Take(other);
        Assert.NotNull(taken);
        using var loaded = await taken;
        Assert.Equal(await File.ReadAllBytesAsync(model), loaded.Graph.ToArray());
        Assert.Null(session.Take(model));
    }

    /// <summary>
    /// Session 30 review: "the early session is begun also for --readout none runs, which never classify". It is not:
    /// RunCommand begins it with <see cref="ClassifierModelDigest.FileOf"/>, null whenever the settings do not classify
    /// (no readout, or a readout without a pixel level); a pixel readout and the perfect-detector view begin it.
    /// </summary>
    [Theory]
    [InlineData("none", null, false)]
    [InlineData("AnodeGridD", null, false)]
    [InlineData("GAMPixG", null, true)]
    [InlineData("none", "PerfectDetector", true)]
    public void The_early_session_is_begun_only_for_a_run_that_classifies(string readout, string? view, bool begun)
    {
        string[] args = view is null ? ["--Detector:Readout", readout] : ["--Detector:Readout", readout, "--Classifier:View", view];
        var file = ClassifierModelDigest.FileOf(RunCommand.CreateBuilder(null, args).Configuration);
        Assert.Equal(begun, file is not null);
        if (begun) Assert.Equal(Path.GetFullPath(Shipped.Classifier.ResolvedModelPath), file);
    }

    [Fact]
    public void A_session_never_taken_is_waited_for_and_its_failure_is_not_thrown()
    {
        var corrupt = Path.Combine(_root, "classifier.onnx");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4]);
        var session = EarlyClassifierSession.Start(corrupt);
        session.Dispose();
        Assert.Null(session.Take(corrupt));
        using var none = EarlyClassifierSession.Start(null);
        Assert.Null(none.Take(corrupt));
    }
}
