using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Row-changing settings that only one method reads (mend 11; breaker 10 F5): two runs that both chose a method that
/// ignores the key make the same rows whatever its value, so <see cref="RowSettings"/> does not compare it between them.
/// Decided per key from the code that reads it (named below); a key not listed is compared always.
/// </summary>
public static class MethodSettings
{
    /// <summary><paramref name="Key"/> changes rows only when <paramref name="Method"/> is one of <paramref name="ReadBy"/>.</summary>
    public sealed record ReadOnlyBy(string Key, string Method, string[] ReadBy);


    public static readonly IReadOnlyList<ReadOnlyBy> All =
    [
        // EventVertex.Score: the length scale L is read in the NearMeanCosine branch only, the cone's half-angle in ConeShare's.
        new("Topology:VertexEventScoreLengthMm", "Topology:VertexEventScore", [nameof(EventVertex.Scoring.NearMeanCosine)]),
        new("Topology:VertexEventConeHalfAngleDeg", "Topology:VertexEventScore", [nameof(EventVertex.Scoring.ConeShare)]),
        // ShapeAnalysis.EstimateVertex: the fold test runs only with VertexMethod fold ("candidates" ranks ends instead).
        new("Topology:VertexFoldArmMm", "Topology:VertexMethod", [TopologySettings.FoldVertex]),
        new("Topology:VertexFoldMaxAngleDeg", "Topology:VertexMethod", [TopologySettings.FoldVertex]),
        new("Topology:VertexArmMinStraightness", "Topology:VertexMethod", [TopologySettings.FoldVertex]),
    ];

    /// <summary>
    /// Whether <paramref name="key"/> changes rows under the method a run chose (<paramref name="valueOf"/> gives that run's
    /// value of a key, null when unknown: then it counts as read).
    /// </summary>
    public static bool IsRead(string key, Func<string, string?> valueOf)
    {
        var row = All.FirstOrDefault(r => r.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (row is null || valueOf(row.Method) is not { } method) return true;
        return row.ReadBy.Contains(method, StringComparer.Ordinal);
    }
}
