using System.Text.RegularExpressions;

namespace TrackPipeline.Tests.Structure;

/// <summary>
/// Which namespace of TrackPipeline.Core uses which, read from the sources (<c>using TrackPipeline.X;</c> and qualified
/// <c>X.Type</c> references; doc comments ignored). Issue 14 item 5 asks for no namespace cycles. One cycle remains: the
/// pipeline's <c>TrackItem</c> carries every stage's result and every stage takes a <c>TrackItem</c>, and the tables are
/// built from it. This test pins what is already clean (the random streams and tables, the file formats, the tracks on
/// disk) and keeps the cycle
/// from growing: a namespace outside it that joins it fails here.
/// </summary>
public sealed partial class NamespaceGraphTests
{
    /// <summary>The namespaces of the one remaining cycle (TrackItem's hub); shrink this set, never grow it.</summary>
    private static readonly string[] KnownCycle =
        ["Classification", "Drift", "Output", "Pipeline", "Readout", "Reconstruction", "Topology"];

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
    public void No_namespace_outside_the_known_cycle_is_in_a_cycle()
    {
        var graph = Graph();
        var inCycles = graph.Keys.Where(n => Reachable(graph, n).Contains(n)).Order(StringComparer.Ordinal).ToList();
        Assert.Subset(KnownCycle.ToHashSet(), inCycles.ToHashSet());
        Assert.Contains("Numerics", graph.Keys);   // the scan found the sources
    }
}
