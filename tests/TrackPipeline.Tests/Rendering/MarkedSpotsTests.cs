using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The truth markers' thinning (one marker per marker-sized spot) looks only at the cells around a new marker
/// (review item, session 7: it compared each marker with every one drawn). It must keep exactly the markers the
/// all-pairs test kept: checked here against that test on clustered random markers, as the renderer uses it (four kinds,
/// the first of each kind always kept, spacings up to the cell size).
/// </summary>
public sealed class MarkedSpotsTests
{
    [Theory]
    [InlineData(1, 1.0f)]
    [InlineData(2, 1.5f)]
    [InlineData(3, 0.85f)]
    public void The_binned_thinning_keeps_the_same_markers_as_the_all_pairs_test(int seed, float ui)
    {
        var random = new Random(seed);
        float[] sizes = [1.3f * ui, ui, ui, ui];
        static float Spacing(float size) => 4f * 0.85f * 3.6f * size;
        var spots = new MarkedSpots(Spacing(sizes[0]));
        var reference = new List<SKPoint>();
        int kept = 0, dropped = 0;
        foreach (var size in sizes)
        {
            float apart = Spacing(size);
            bool first = true;
            // Markers along a "track" and in a few tight showers: many within a spacing of each other, some on cell edges.
            for (int i = 0; i < 800; i++)
            {
                var p = i % 3 == 0
                    ? new SKPoint(50 + 0.7f * i, 300 + 20 * MathF.Sin(i / 40f))
                    : new SKPoint(100 * random.Next(4) + 30 * random.NextSingle(), 100 * random.Next(4) + 30 * random.NextSingle());
                bool coveredBinned = spots.AnyWithin(p, apart);
                bool covered = false;
                foreach (var q in reference) if (MathF.Abs(p.X - q.X) < apart && MathF.Abs(p.Y - q.Y) < apart) { covered = true; break; }
                Assert.Equal(covered, coveredBinned);
                if (covered && !first) { dropped++; continue; }
                first = false;
                spots.Add(p);
                reference.Add(p);
                kept++;
            }
        }
        // The case is not trivial: most markers are thinned out, and more than a few dozen are kept.
        Assert.True(dropped > 2000 && kept > 30, $"kept {kept}, dropped {dropped}");
    }
}
