using BenchmarkDotNet.Attributes;
using TrackPipeline.Pipeline;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>Drift + readout of all 108 sample tracks on one core (the reference takes about 67 s for this).</summary>
[MemoryDiagnoser]
public class DriftReadoutBenchmarks
{
    private List<SampleTracks.Sample> _samples = [];
    private DriftStage _drift = null!;
    private ReadoutStage _readout = null!;

    [Params("GAMPixG", "LArPix")]
    public string Readout { get; set; } = "GAMPixG";

    [GlobalSetup]
    public void Setup()
    {
        _samples = SampleTracks.Load(SampleFiles.TracksRoot());
        var configDir = Environment.GetEnvironmentVariable("CONFIG_DIR") ?? FindConfig();
        var chain = DetectorChain.Load(configDir, Readout);
        (_drift, _readout) = (chain.Drift, chain.Readout);
    }

    private static string FindConfig()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "config", "medium", "LAr.json"))) return Path.Combine(d.FullName, "config");
        return "config";
    }

    [Benchmark]
    public long DriftAndReadAllTracks()
    {
        long n = 0;
        foreach (var s in _samples)
        {
            var d = _drift.Apply(s.Deposits, TrackRandom.For(1, s.Name, DriftStage.RandomStream));
            n += _readout.Read(d, s.Name).Pixels!.Count;
        }
        return n;
    }
}
