using Xunit.Abstractions;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The pair vertex (cone vertex, and the event vertex where it applies; shipped settings) must not depend on the drift's
/// random draw: the generated 50 MeV pairs of <see cref="GeneratedPairDraws"/>, each read out with three detector seeds. A
/// track's vertex "changes" when one draw's lies more than 5 mm from another's. Issue 10 round 10 measured 6 of 108
/// generated 50 MeV pairs changing over six seeds (docs/reconstruction.md), so over three seeds at most a fifth of the
/// tracks may change, and most vertices must sit on the conversion point.
/// Measured: round 10 (12 photons of seed 9191) 11 pairs, 1 changes, 21 of 33 draws within 3 mm; round 11 (the shared
/// fixture's 40 photons of seed 9090) 34 pairs, 3 change, 91 of 102 draws within 3 mm.
/// </summary>
public sealed class VertexStabilityTests(ITestOutputHelper output)
{
    [Fact]
    public void On_generated_50_MeV_pairs_the_vertex_holds_across_detector_seeds()
    {
        var topology = Shipped.Topology;
        int pairs = 0, changed = 0, draws = 0, right = 0;
        foreach (var pair in GeneratedPairDraws.Pairs)
        {
            var vertices = new List<TrackPipeline.Tracks.Vec3>();
            for (int d = 0; d < pair.Draws.Count; d++)
                if (pair.Measure(d, topology).AtPairVertex is { } v) vertices.Add(v.Vertex);
            if (vertices.Count != pair.Draws.Count) continue;
            pairs++;
            draws += vertices.Count;
            right += vertices.Count(v => (v - pair.Apex).Length <= 3e-3);
            bool moves = false;
            for (int a = 0; a < vertices.Count; a++)
                for (int b = a + 1; b < vertices.Count; b++)
                    moves |= (vertices[a] - vertices[b]).Length > 5e-3;
            if (moves) changed++;
        }
        output.WriteLine($"pairs {pairs}: vertex changes between detector seeds in {changed}; {right} of {draws} draws within 3 mm of the conversion");
        Assert.True(pairs >= 20, $"only {pairs} of {GeneratedPairDraws.Photons} photons converted first with a vertex at every seed: too few to judge");
        Assert.True(changed * 5 <= pairs, $"the vertex changes with the detector seed in {changed} of {pairs} pairs");
        Assert.True(right * 2 > draws, $"only {right} of {draws} draws within 3 mm of the conversion point");
    }
}
