using System.Diagnostics;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// <c>topology DIR [config]</c>: topology features of every sample track on one core, raw deposits only and raw +
/// GAMPixG pixels, then the learned classifier alone (drift, readout, reconstruction done beforehand, outside the timing). Best of 5 passes.
/// </summary>
internal static class TopologyThroughput
{
    public static int Run(string tracksRoot, string configDir, TextWriter output)
    {
        var items = DatasetDiscovery.Discover(tracksRoot).Select(s => new TrackItem(s) { Track = TrackReader.Read(s) }).ToList();
        var chain = DetectorChain.Load(configDir);
        var detector = chain.Config;
        foreach (var item in items) chain.Process(item);
        long points = items.Sum(i => (long)i.RequireTrack().Deposits.Count);
        long pixels = items.Sum(i => (long)(i.Readout?.Pixels?.Count ?? 0));
        // The topology settings of the config folder given (the shipped ones by default), so that options can be costed.
        var settings = ReconstructionEvaluation.LoadSection<TopologySettings>(configDir, TopologySettings.Section);
        var pixelCloud = new TriggeredPixelCloud(detector.Readout);
        Measure("raw deposits", new TopologyStage(settings));
        Measure("raw deposits + GAMPixG pixels", new TopologyStage(settings, pixelCloud));
        var reconstruction = new ReconstructionStage(Config.ShippedSettings.Load<ReconstructionSettings>(ReconstructionSettings.Section), settings, detector.Medium.KeVPerCollectedElectron, pixelCloud);
        Measure("raw deposits + GAMPixG pixels + reconstruction", new TopologyStage(settings, pixelCloud), reconstruction);

        // Reconstruction alone, by energy: time per triggered pixel should not grow with the track's size.
        output.WriteLine("reconstruction alone, per energy (both particles): pixels, best of 5, microseconds per pixel");
        foreach (var group in items.GroupBy(i => i.Source.EnergyKev).OrderBy(g => g.Key))
        {
            long groupPixels = group.Sum(i => (long)(i.Readout?.Pixels?.Count ?? 0));
            double best = double.MaxValue;
            for (int pass = 0; pass < 5; pass++)
            {
                var sw = Stopwatch.StartNew();
                foreach (var item in group) reconstruction.Process(item, CancellationToken.None);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            output.WriteLine($"  {group.Key / 1000.0,6:G3} MeV: {groupPixels,7:N0} pixels, {best * 1e3,7:F1} ms, {best * 1e6 / Math.Max(1, groupPixels):F2} us/pixel");
        }

        // The learned classifier alone (features from the pixels + the boosted trees), after topology and reconstruction.
        var classifierSettings = Config.ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section);
        classifierSettings.ModelPath = Path.GetFullPath(Path.Combine(configDir, "models", "classifier.zip"));
        using var classify = new ClassificationStage(classifierSettings, settings, pixelCloud);
        Measure("classification (pixel features + model)", null, null, classify);
        return 0;

        void Measure(string what, TopologyStage? topology, ReconstructionStage? reconstruct = null, ClassificationStage? classifyOnly = null)
        {
            double best = double.MaxValue;
            long allocated = 0;
            for (int pass = 0; pass < 5; pass++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                var sw = Stopwatch.StartNew();
                foreach (var item in items)
                {
                    topology?.Process(item, CancellationToken.None);
                    reconstruct?.Process(item, CancellationToken.None);
                    classifyOnly?.Process(item, CancellationToken.None);
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
