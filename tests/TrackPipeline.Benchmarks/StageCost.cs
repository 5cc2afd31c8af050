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
/// <c>stages [tracks] [config] [passes]</c>: the run's own stage chain (read, drift, GAMPixG readout, topology,
/// reconstruction, classification, as <c>run --images none</c> builds it, run seed 12345, depth 0) over every sample
/// track on one thread, each stage timed by the thread's CPU clock (not wall time: the machine is shared), best pass
/// per stage, in nanoseconds per deposit. Also a checksum of what the stages made, so that a faster build that
/// changes a number shows it.
/// </summary>
internal static class StageCost
{
    public static int Run(string tracksRoot, string configDir, int passes, TextWriter output)
    {
        var sources = DatasetDiscovery.Discover(tracksRoot).ToList();
        var chain = DetectorChain.Load(configDir, depthM: 0.0, seed: 12345, medium: "LAr");
        var detector = chain.Config;
        var topologySettings = ShippedSettings.Load<TopologySettings>(TopologySettings.Section);
        var reconstructionSettings = ShippedSettings.Load<ReconstructionSettings>(ReconstructionSettings.Section);
        var classifierSettings = ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section);
        classifierSettings.ModelPath = Path.GetFullPath(Path.Combine(configDir, "models", "classifier.zip"));
        using var classify = new ClassificationStage(classifierSettings, topologySettings, chain.Pixels);
        // The run's chain from the library (MeasurementChain), then the classifier, as run --images none builds them.
        ITrackStage[] stages = [.. chain.Chain(topologySettings, reconstructionSettings), classify];

        var best = new double[stages.Length];
        Array.Fill(best, double.MaxValue);
        var bytes = new long[stages.Length];
        long points = 0;
        for (int pass = 0; pass < passes; pass++)
        {
            var cpu = new double[stages.Length];
            Array.Clear(bytes);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            points = 0;
            double checksum = 0;
            foreach (var source in sources)
            {
                var item = new TrackItem(source);
                for (int s = 0; s < stages.Length; s++)
                {
                    long start = ThreadCpuClock.NowNanoseconds();
                    long startBytes = GC.GetAllocatedBytesForCurrentThread();
                    stages[s].Process(item, CancellationToken.None);
                    cpu[s] += (ThreadCpuClock.NowNanoseconds() - start) * 1e-9;
                    bytes[s] += GC.GetAllocatedBytesForCurrentThread() - startBytes;
                }
                points += item.RequireTrack().Deposits.Count;
                checksum += Checksum(item);
                item.Drifted?.ReturnBuffers(); // as the pipeline does once the writer holds the track (TrackAdmission.Release)
            }
            for (int s = 0; s < stages.Length; s++) best[s] = Math.Min(best[s], cpu[s]);
            output.WriteLine($"pass {pass}: {string.Join(", ", stages.Select((st, s) => $"{st.Name} {cpu[s]:F3}"))} s CPU; " +
                $"total {cpu.Sum():F3} s; {(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6:F0} MB allocated; checksum {checksum:R}");
        }
        output.WriteLine($"best of {passes} passes, {sources.Count} tracks, {points:N0} deposits (thread CPU, ns per deposit):");
        for (int s = 0; s < stages.Length; s++)
            output.WriteLine($"  {stages[s].Name,-12} {best[s],7:F3} s  {best[s] * 1e9 / points,6:F0} ns/deposit  {bytes[s] / 1e6,5:F0} MB allocated (last pass)");
        output.WriteLine($"  {"all",-12} {best.Sum(),7:F3} s  {best.Sum() * 1e9 / points,6:F0} ns/deposit");
        return 0;
    }

    /// <summary>A number that moves when any stage's output moves (clumps, samples, shape, scores).</summary>
    private static double Checksum(TrackItem item)
    {
        double c = item.Drifted!.TotalElectrons + item.Drifted.Count;
        foreach (var level in item.Readout!.Levels)
        {
            var t = level.Triggered;
            for (int i = 0; i < t.Count; i++) c += t.ChargeE[i] * (1 + 1e-3 * i) + t.Z[i]; // x or y is NaN along a wire
        }
        var topology = item.Topology!;
        c += topology.Raw.TrackLengthMm + topology.Raw.Clusters + topology.Raw.Straightness;
        if (topology.Pixels is { } p) c += p.TrackLengthMm + p.Branches + p.Straightness + (p.AtRecoVertex?.Vertex.X ?? 0);
        foreach (var category in QuestCategory.All) c += item.Scores![category];
        return c;
    }
}
