using TrackPipeline.Topology;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The event vertex (<see cref="EventVertex"/>, shipped settings) on the generated 50 MeV pairs of
/// <see cref="GeneratedPairDraws"/> (first detector seed), against the generator's truth vertex: on the shower-like events
/// (main cluster a minority, where it applies) it must find the conversion point more often than the main cluster's cone
/// vertex, and every other event's vertex must be the main cluster's, unchanged.
/// Measured: round 9, 34 pairs, 2 shower-like (about the 4 % of the tuning sets), within 3 mm 0 -> 1, the 32 others equal;
/// round 11 (on the shared fixture, the drift's stream of this version) 34 pairs, 2 shower-like, 0 -> 2.
/// </summary>
public sealed class GeneratedEventVertexTests(ITestOutputHelper output)
{
    [Fact]
    public void On_generated_50_MeV_pairs_the_event_vertex_finds_the_conversion_point_of_shower_like_events()
    {
        var shipped = Shipped.Topology;
        Assert.True(shipped.VertexEventMainMaxFraction > 0, "the event vertex ships on");
        var mainOnly = Shipped.Topology;
        mainOnly.VertexEventMainMaxFraction = 0;
        int pairs = 0, gated = 0, rightOn = 0, rightOff = 0;
        foreach (var pair in GeneratedPairDraws.Pairs)
        {
            var off = pair.Measure(0, mainOnly);
            var on = pair.Measure(0, shipped);
            if (off.AtPairVertex is null) continue;
            pairs++;
            if (on.MainClusterChargeFraction >= shipped.VertexEventMainMaxFraction || off.Clusters < 2)
            {
                Assert.Equal(off.AtPairVertex, on.AtPairVertex);
                continue;
            }
            gated++;
            if ((off.AtPairVertex.Vertex - pair.Apex).Length <= 3e-3) rightOff++;
            if (on.AtPairVertex is { } v && (v.Vertex - pair.Apex).Length <= 3e-3) rightOn++;
        }
        output.WriteLine($"pairs {pairs}, shower-like {gated}: vertex within 3 mm {rightOff} (main cluster) -> {rightOn} (event vertex)");
        Assert.True(pairs >= 25, $"only {pairs} of {GeneratedPairDraws.Photons} photons converted first with a vertex: too few to judge");
        Assert.True(gated >= 2, $"only {gated} shower-like events: nothing to judge");
        Assert.True(rightOn > rightOff, $"within 3 mm: {rightOn} with the event vertex, {rightOff} with the main cluster's");
    }
}
