using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Round 11: the charge labels of the ringed sub-tracks were kept off the charge and off each other, not off the rings,
/// and were written across neighbouring rings in the 50 MeV brem pictures. The test of whether a label box lies on a
/// ring's drawn line.
/// </summary>
public sealed class RingLabelPlacementTests
{
    private static readonly SKPoint Centre = new(100, 100);

    [Fact]
    public void A_label_across_a_rings_line_crosses_it()
    {
        // A 40 x 10 px label whose left end lies on the line of a 20 px ring (x = 120).
        Assert.True(TrackRenderer.CrossesRing(Centre, 20, new SKRect(115, 95, 155, 105), 1.3f));
        // Touching the line from outside within its halo.
        Assert.True(TrackRenderer.CrossesRing(Centre, 20, new SKRect(121, 95, 161, 105), 1.3f));
    }

    [Fact]
    public void A_label_clear_of_the_line_inside_or_outside_does_not_cross_it()
    {
        Assert.False(TrackRenderer.CrossesRing(Centre, 20, new SKRect(123, 95, 163, 105), 1.3f));   // beside it, as labels are placed
        Assert.False(TrackRenderer.CrossesRing(Centre, 60, new SKRect(90, 95, 130, 105), 1.3f));    // in a large ring's empty middle
        Assert.False(TrackRenderer.CrossesRing(Centre, 20, new SKRect(60, 140, 100, 150), 1.3f));   // below it, off the diagonal
    }
}
