using Microsoft.Extensions.Logging.Abstractions;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// A stage that only adds something optional (pictures) must not cost the track when it fails; what it failed to add
/// is an errors-table row all the same (stage render, kind render_failed), so the output says so.
/// </summary>
public sealed class BestEffortStageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-besteffort-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private sealed class FailingPictures : IBestEffortStage
    {
        public string Name => "render";
        public void Process(TrackItem item, CancellationToken cancellationToken) => throw new IOException("disk full");
    }

    private sealed class FailingPhysics : ITrackStage
    {
        public string Name => "drift";
        public void Process(TrackItem item, CancellationToken cancellationToken) => throw new IOException("disk full");
    }

    [SharedDataTheory]
    [InlineData(true, 6, 0)]
    [InlineData(false, 0, 6)]
    public async Task A_failing_best_effort_stage_keeps_the_track_with_an_error_row_a_failing_stage_rejects_it(bool bestEffort, int written, int rejected)
    {
        var folder = Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0000500");
        ITrackStage failing = bestEffort ? new FailingPictures() : new FailingPhysics();
        var stages = new ITrackStage[] { new ReadStage(), failing };
        var layout = new DatasetLayout(_work, ShardSpec.Single);
        var writer = new DatasetWriter(layout, TrackTable.CreateSchema([]), [], new WriterSettings(100, 1000), 0, new Dictionary<string, string>());
        var counters = new PipelineCounters();

        await new TrackPipelineGraph(stages, counters, 2, NullLogger.Instance).RunAsync(DatasetDiscovery.Discover(folder), writer, CancellationToken.None);
        await writer.FlushAllAsync(CancellationToken.None);

        Assert.Equal(written, counters.Written);
        Assert.Equal(rejected, counters.Rejected);
        Assert.Equal(written, (await ParquetDataset.ReadAsync(Path.Combine(_work, "tracks"))).Rows.Count);
        Assert.Equal(bestEffort ? 6 : 0, counters.BestEffortFailures);
        // Every track has one errors-table row either way: rejected, or kept without its picture.
        var errors = (await ParquetDataset.ReadAsync(Path.Combine(_work, "errors"))).Rows;
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e =>
        {
            Assert.Equal(bestEffort ? "render" : "drift", e["stage"]);
            Assert.Contains("disk full", (string)e["message"]!);
            if (bestEffort) Assert.Equal("render_failed", e["error_kind"]);
        });
    }
}
