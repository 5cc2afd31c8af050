using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>The post-run passes' CPU and timeline marks (run_report.json), measured by one helper (<see cref="PipelineCounters.MeasurePostPass"/>).</summary>
public sealed class PostPassMeasureTests
{
    [Fact]
    public void A_measured_pass_adds_its_process_cpu_and_marks_the_timeline_only_when_done()
    {
        var counters = new PipelineCounters();
        var pass = counters.MeasurePostPass("gallery", "gallery_done");
        // Work until the process clock has moved on by at least 20 ms (its tick is the kernel's, ~10 ms).
        var start = Environment.CpuUsage.TotalTime;
        double sink = 0;
        while ((Environment.CpuUsage.TotalTime - start).TotalMilliseconds < 20)
            for (int i = 1; i < 100_000; i++) sink += Math.Sqrt(i);
        Assert.True(sink > 0);
        Assert.False(counters.Timeline().ContainsKey("gallery_done"));
        Assert.False(counters.PostPassCpuSeconds().ContainsKey("gallery"));

        pass.Done();

        Assert.True(counters.Timeline().ContainsKey("gallery_done"));
        Assert.True(counters.PostPassCpuSeconds()["gallery"] >= 0.020, $"{counters.PostPassCpuSeconds()["gallery"]} CPU-s recorded for at least 0.020");
        // A second measure of the same pass adds to it (as the missing pictures of several passes would).
        counters.MeasurePostPass("gallery", "gallery_done").Done();
        Assert.True(counters.PostPassCpuSeconds()["gallery"] >= 0.020);
    }
}
