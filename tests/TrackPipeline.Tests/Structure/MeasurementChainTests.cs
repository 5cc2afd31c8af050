using System.Text.RegularExpressions;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Structure;

/// <summary>
/// Review item (sixth session): the app's StageFactory built read, drift, readout, topology and reconstruction, and the
/// benchmarks' DetectorChain built drift and readout again by hand (the benchmark project does not reference the app), so
/// a change to how a stage is made had to be made twice. Both now build them with the library's
/// <see cref="MeasurementChain"/> / <see cref="DetectorStages"/>. Review item (seventh session): so do the tests that
/// take tracks through the chain to compare two ways of computing a number (the reuse tests) and the benchmark programs
/// that measure the chain's stages or its results (StageCost, VertexFinding, ReconstructionEvaluation), so they measure
/// what a run measures. Tests and benchmarks of a single stage still make that stage.
/// </summary>
public sealed class MeasurementChainTests
{
    private static readonly Regex StageConstruction = new(@"new\s+(ReadStage|DriftStage|ReadoutStage|TopologyStage|ReconstructionStage)\s*\(", RegexOptions.Compiled);

    /// <summary>Files outside the app that take tracks through the chain: they build it with the library.</summary>
    private static readonly string[] ChainUsers =
    [
        "tests/TrackPipeline.Benchmarks/DetectorChain.cs",
        "tests/TrackPipeline.Benchmarks/StageCost.cs",
        "tests/TrackPipeline.Benchmarks/VertexFinding.cs",
        "tests/TrackPipeline.Benchmarks/ReconstructionEvaluation.cs",
        "tests/TrackPipeline.Tests/Reconstruction/ReconstructionReuseTests.cs",
        "tests/TrackPipeline.Tests/Classification/ChargeProfileReuseTests.cs",
        "tests/TrackPipeline.Tests/Topology/TwoTrackStemTests.cs",
    ];

    [Fact]
    public void Neither_the_app_nor_the_tests_and_benchmarks_that_run_the_chain_construct_a_measurement_stage_themselves()
    {
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var files = Directory.GetFiles(Path.Combine(root, "src", "TrackPipeline"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(ChainUsers.Select(f => Path.Combine(root, f)));
        var found = files.SelectMany(f => StageConstruction.Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}")).ToList();
        Assert.Empty(found);
    }

    [Fact]
    public void The_chain_is_read_drift_readout_topology_reconstruction_and_loses_drift_and_readout_without_a_readout()
    {
        var run = ShippedSettings.Load<RunOptions>(RunOptions.Section);
        var detector = ShippedSettings.Load<DetectorOptions>(DetectorOptions.Section);
        var stages = MeasurementChain.Create(run, detector, Shipped.Topology, Shipped.Reconstruction, out var readout);
        Assert.Equal([typeof(ReadStage), typeof(DriftStage), typeof(ReadoutStage), typeof(TopologyStage), typeof(ReconstructionStage)], stages.Select(s => s.GetType()));
        Assert.NotNull(readout);

        detector.Readout = DetectorOptions.NoReadout;
        var raw = MeasurementChain.Create(run, detector, Shipped.Topology, Shipped.Reconstruction, out var none);
        Assert.Equal([typeof(ReadStage), typeof(TopologyStage), typeof(ReconstructionStage)], raw.Select(s => s.GetType()));
        Assert.Null(none);
    }

    [Fact]
    public void The_chain_of_a_loaded_preset_is_the_runs_chain()
    {
        // What the tests and benchmarks build from a loaded preset (MeasurementChain.Of) is what a run builds from its settings.
        var run = ShippedSettings.Load<RunOptions>(RunOptions.Section);
        var detector = ShippedSettings.Load<DetectorOptions>(DetectorOptions.Section);
        var fromSettings = MeasurementChain.Create(run, detector, Shipped.Topology, Shipped.Reconstruction, out _);
        var config = DetectorConfig.Load(detector.ResolvedConfigDirectory, detector.Readout, detector.Medium, detector.DepthM);
        var fromPreset = MeasurementChain.Of(DetectorStages.Create(config, run.Seed, detector.Medium), Shipped.Topology, Shipped.Reconstruction);
        Assert.Equal(fromSettings.Select(s => s.GetType()), fromPreset.Select(s => s.GetType()));
    }
}
