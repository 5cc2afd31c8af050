using System.Text.RegularExpressions;

namespace TrackPipeline.Tests.Structure;

/// <summary>
/// Which namespace of TrackPipeline.Core uses which, read from the sources (<c>using TrackPipeline.X;</c> and qualified
/// <c>X.Type</c> references; doc comments ignored). Issue 14 item 5 asks for no namespace cycles. The physics
/// namespaces are pure functions of their inputs (Drift: deposits -> drifted charge; Readout: drifted charge -> samples;
/// Topology, Reconstruction, Classification: charge -> shape, kinematics, scores) and know nothing of the pipeline; the
/// pipeline owns <c>TrackItem</c>, the stage adapters and the column registrations, and may import every stage.
/// </summary>
public sealed partial class NamespaceGraphTests
{
    /// <summary>The signal chain's physics and the generic output: none of them may know the pipeline's TrackItem.</summary>
    private static readonly string[] BelowThePipeline =
        ["Classification", "Drift", "Output", "Readout", "Reconstruction", "Topology", "Tracks", "Formats", "Numerics"];

    [GeneratedRegex(@"^namespace TrackPipeline\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using TrackPipeline\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"///.*$", RegexOptions.Multiline)]
    private static partial Regex DocComment();

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var core = Path.Combine(TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found"), "src", "TrackPipeline.Core");
        var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => File.ReadAllText(f))
            .Select(text => (Namespace: NamespaceLine().Match(text).Groups[1].Value, Code: DocComment().Replace(text, "")))
            .Where(f => f.Namespace.Length > 0).ToList();
        var namespaces = files.Select(f => f.Namespace).ToHashSet(StringComparer.Ordinal);
        var graph = namespaces.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (ns, code) in files)
        {
            foreach (Match m in UsingLine().Matches(code)) graph[ns].Add(m.Groups[1].Value);
            foreach (var other in namespaces)
                if (Regex.IsMatch(code, $@"(?<![\w.])(TrackPipeline\.)?{other}\.[A-Z]\w*")) graph[ns].Add(other);
            graph[ns].Remove(ns);
        }
        return graph;
    }

    private static HashSet<string> Reachable(Dictionary<string, HashSet<string>> graph, string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(graph[from]);
        while (todo.TryPop(out var n))
            if (seen.Add(n) && graph.TryGetValue(n, out var next)) foreach (var m in next) todo.Push(m);
        return seen;
    }

    [Fact]
    public void The_numerics_use_no_other_namespace()
    {
        Assert.Empty(Graph()["Numerics"]);
    }

    [Fact]
    public void The_formats_and_the_tracks_use_nothing_above_them()
    {
        var graph = Graph();
        Assert.Empty(Reachable(graph, "Formats").Except(["Numerics"]));
        Assert.Empty(Reachable(graph, "Tracks").Except(["Formats", "Numerics"]));
    }

    [Fact]
    public void Drift_does_not_use_the_readout()
    {
        Assert.DoesNotContain("Readout", Graph()["Drift"]);
    }

    [Fact]
    public void No_namespace_is_in_a_cycle()
    {
        var graph = Graph();
        Assert.Contains("Numerics", graph.Keys);   // the scan found the sources
        Assert.Contains("Pipeline", graph.Keys);
        var inCycles = graph.Keys.Where(n => Reachable(graph, n).Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.Empty(inCycles);
    }

    [Fact]
    public void The_physics_and_the_output_do_not_use_the_pipeline()
    {
        var graph = Graph();
        foreach (var ns in BelowThePipeline)
            Assert.False(Reachable(graph, ns).Contains("Pipeline"), $"{ns} reaches Pipeline: {string.Join(", ", Reachable(graph, ns).Order(StringComparer.Ordinal))}");
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        // The scan above would pass on a graph it could not read; a hand-made cycle shows Reachable sees one.
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal)
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };
        Assert.Contains("A", Reachable(graph, "A"));
        Assert.DoesNotContain("D", Reachable(graph, "D"));
    }
}
