using System.Text.RegularExpressions;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Structure;

/// <summary>
/// Review item (sixth session): the app's StageFactory built read, drift, readout, topology and reconstruction, and the
/// benchmarks' DetectorChain built drift and readout again by hand (the benchmark project does not reference the app), so
/// a change to how a stage is made had to be made twice. Both now build them with the library's
/// <see cref="MeasurementChain"/> / <see cref="DetectorStages"/>.
/// </summary>
public sealed class MeasurementChainTests
{
    private static readonly Regex StageConstruction = new(@"new\s+(ReadStage|DriftStage|ReadoutStage|TopologyStage|ReconstructionStage)\s*\(", RegexOptions.Compiled);

    [Fact]
    public void Neither_the_app_nor_the_benchmarks_detector_chain_constructs_a_measurement_stage_itself()
    {
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var files = Directory.GetFiles(Path.Combine(root, "src", "TrackPipeline"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(root, "tests", "TrackPipeline.Benchmarks", "DetectorChain.cs"));
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
}
