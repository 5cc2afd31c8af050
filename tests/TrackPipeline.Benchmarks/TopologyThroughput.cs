using System.Diagnostics;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// <c>topology DIR [config]</c>: features + classification of every sample track on one core, raw deposits only
/// and raw + GAMPixG pixels (drift and readout done beforehand, outside the timing). Best of 5 passes.
/// </summary>
internal static class TopologyThroughput
{
    public static int Run(string tracksRoot, string configDir, TextWriter output)
    {
        var items = DatasetDiscovery.Discover(tracksRoot).Select(s => new TrackItem(s) { Track = TrackReader.Read(s) }).ToList();
        var detector = DetectorConfig.Load(configDir, "GAMPixG", depthM: 0.01);
        var drift = new DriftStage(detector.Medium, detector.Drift, detector.Readout.AnodeGeometry, 1);
        var readout = new ReadoutStage(detector.Readout, 1);
        foreach (var item in items)
        {
            drift.Process(item, CancellationToken.None);
            readout.Process(item, CancellationToken.None);
        }
        long points = items.Sum(i => (long)i.RequireTrack().Deposits.Count);
        long pixels = items.Sum(i => (long)(i.Readout?.Pixels?.Count ?? 0));
        var settings = Config.ShippedSettings.Load<TopologySettings>(TopologySettings.Section);
        var classify = new ClassificationStage(Config.ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section));
        Measure("raw deposits", new TopologyStage(settings));
        Measure("raw deposits + GAMPixG pixels", new TopologyStage(settings, new TriggeredPixelCloud(detector.Readout)));
        return 0;

        void Measure(string what, TopologyStage topology)
        {
            double best = double.MaxValue;
            long allocated = 0;
            for (int pass = 0; pass < 5; pass++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                foreach (var item in items)
                {
                    topology.Process(item, CancellationToken.None);
                    classify.Process(item, CancellationToken.None);
                }
                sw.Stop();
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            output.WriteLine($"{what}: {items.Count} tracks, {points:N0} points, {pixels:N0} pixels: best {best:F3} s, " +
                $"{points / best / 1e6:F2} M points/s, {items.Count / best:F0} tracks/s, {allocated / (double)points:F1} bytes allocated per point");
        }
    }
}
