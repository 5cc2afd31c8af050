using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issue (breaker12, sessions 27-28): in the T1332289872 cell of a sheet the y label "100" and the x label "-90" met
/// at the 3D box's corner, 4 px apart, and read as one label. Every view a frame can take (elevation up to the face-on
/// clamp of 75 deg, any azimuth), in the frames of the sample's 20 MeV pictures, at a thumbnail's size.
/// </summary>
public sealed class TickLabelClearanceTests
{
    private static readonly TrackRenderer Renderer = new(Colormap.Plasma, Fonts.SansSerif);

    /// <summary>Least gap between two axes' labels' ink, px: half the 11 px tick font (a space is ~3.5 px).</summary>
    private const float LeastInkGap = 5.5f;

    // Cubes (centre, side, mm) as the sample's 20 MeV frames: a V frame, a main-cluster frame, a brem frame near -400 mm.
    public static TheoryData<double, double, double, double> Frames => new()
    {
        { 91, 500, 332, 11 }, { -95, 100, -400, 37 }, { -200, 100, -400, 292 }, { 150, 30, -45, 44 },
    };

    [FontTheory]
    [MemberData(nameof(Frames))]
    public void Tick_labels_keep_their_ink_apart_in_every_view(double cx, double cy, double cz, double side)
    {
        var rect = new SKRect(0, 0, 400, 300);
        const float ui = 1;
        int views = 0, worstElevation = 0, worstAzimuth = 0;
        float worst = float.MaxValue;
        for (int elevation = 0; elevation <= 75; elevation += 5)
            for (int azimuth = -180; azimuth < 180; azimuth += 10)
            {
                var boxes = Renderer.TickLabelBoxes(rect, (cx, cy, cz, side), elevation, azimuth, ui, LengthUnit.Millimetre);
                views++;
                for (int i = 0; i < boxes.Count; i++)
                    for (int j = i + 1; j < boxes.Count; j++)
                    {
                        if (boxes[i].Axis == boxes[j].Axis) continue;   // a row along one axis reads as a row
                        float gap = InkGap(boxes[i].Box, boxes[j].Box, ui);
                        if (gap < worst) (worst, worstElevation, worstAzimuth) = (gap, elevation, azimuth);
                    }
            }
        Assert.True(worst >= LeastInkGap, $"two axes' tick labels' ink {worst:F1} px apart (elevation {worstElevation}, azimuth {worstAzimuth}) of {views} views");
        // The labels are kept, not given up: matplotlib's default view writes at least two on each of the three axes.
        var standard = Renderer.TickLabelBoxes(rect, (cx, cy, cz, side), OrthographicCamera.DefaultElevationDeg, OrthographicCamera.DefaultAzimuthDeg, ui, LengthUnit.Millimetre);
        foreach (char axis in "xyz")
            Assert.True(standard.Count(b => b.Axis == axis) >= 2, $"{standard.Count(b => b.Axis == axis)} {axis} tick labels in the default view");
    }

    /// <summary>Distance between two labels' ink: their boxes without the padding DrawAxis gives them (2 ui across, 1 ui up and down).</summary>
    private static float InkGap(SKRect a, SKRect b, float ui)
    {
        a.Inflate(-2 * ui, -ui); b.Inflate(-2 * ui, -ui);
        float dx = Math.Max(0, Math.Max(a.Left, b.Left) - Math.Min(a.Right, b.Right));
        float dy = Math.Max(0, Math.Max(a.Top, b.Top) - Math.Min(a.Bottom, b.Bottom));
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}
