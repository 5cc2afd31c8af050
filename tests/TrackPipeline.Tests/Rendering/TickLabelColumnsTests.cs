using SkiaSharp;
using TrackPipeline.Rendering;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Known issue (session 30, item 6): in the 50 MeV T1332032077 sheet the y tick labels -140, -160 stood under the z labels
/// -80, -100 in one column, and the four read as one axis. The 3D box's z axis now takes the rightmost vertical edge when
/// on the leftmost a floor axis's labels would stand in its column. The frame and view are the run's for that track (its
/// event page's "frame" and "view"), at the size of a sheet's top-row panel: the raw panel (its box smaller beside the
/// whole-event inset) and the drifted and readout panels (no inset).
/// </summary>
public sealed class TickLabelColumnsTests(ITestOutputHelper output)
{
    private static readonly TrackRenderer Renderer = new(Colormap.Plasma, Fonts.SansSerif);

    /// <summary>A sheet's top-row panel (1200 x 900 sheet, three columns), as the drifted and readout panels draw it.</summary>
    private static readonly SKRect SheetPanel = new(0, 0, 400, 434);

    /// <summary>The raw panel (the shipped whole-event inset's share of its width), and the drifted and readout panels (none).</summary>
    public static TheoryData<double> Insets => new() { Shipped.Images.OverviewFraction, 0.0 };

    [FontTheory]
    [MemberData(nameof(Insets))]
    public void The_50_MeV_V_frame_keeps_the_y_labels_out_of_the_z_column(double overview)
    {
        // T1332032077's frame: x 124.8-165.6, y -179.9 to -139.2, z -116.4 to -75.6 mm; seen from elevation 38.4, azimuth -113.1.
        var boxes = Renderer.TickLabelBoxes(SheetPanel, (145.2118, -159.5656, -96.0137, 40.7409), 38.3998, -113.1415, 1, LengthUnit.Millimetre, overview);
        foreach (var b in boxes) output.WriteLine($"{b.Axis} {b.Box}");
        var (floor, z) = InZColumn(boxes);
        Assert.True(floor is null, $"the {floor?.Axis} label at {floor?.Box} stands in the column of the z label at {z?.Box}");
        foreach (char axis in "xyz")
            Assert.True(boxes.Count(b => b.Axis == axis) >= 2, $"{boxes.Count(b => b.Axis == axis)} {axis} tick labels");
    }

    /// <summary>
    /// Over every view of round 16's four 20 MeV frames and this one, how often a floor label still stands in the z column
    /// (both vertical edges crowded): printed, and bounded, so a rule that put z back on one side for good would fail.
    /// </summary>
    [FontFact]
    public void Few_views_leave_a_floor_label_in_the_z_column()
    {
        (double, double, double, double)[] frames = [(91, 500, 332, 11), (-95, 100, -400, 37), (-200, 100, -400, 292), (150, 30, -45, 44), (145.2, -159.6, -96.0, 40.7)];
        int views = 0, shared = 0;
        foreach (var frame in frames)
            for (int elevation = 0; elevation <= 75; elevation += 5)
                for (int azimuth = -180; azimuth < 180; azimuth += 10)
                {
                    views++;
                    if (InZColumn(Renderer.TickLabelBoxes(SheetPanel, frame, elevation, azimuth, 1, LengthUnit.Millimetre)).Floor is not null) shared++;
                }
        output.WriteLine($"{shared} of {views} views with a floor label in the z column");
        Assert.True(shared * 20 <= views, $"{shared} of {views} views with a floor label in the z column");
    }

    /// <summary>
    /// An x or y label whose ink overlaps a z label's side to side (one over the other: a column) within one and a half z steps
    /// (centre to centre) of it, so the two read as one axis going on; and that z label.
    /// </summary>
    private static ((char Axis, SKRect Box)? Floor, (char Axis, SKRect Box)? Z) InZColumn(List<(char Axis, SKRect Box)> boxes)
    {
        var zs = boxes.Where(b => b.Axis == 'z').ToList();
        if (zs.Count < 2) return (null, null);
        float step = Math.Abs(zs[^1].Box.MidY - zs[0].Box.MidY) / (zs.Count - 1);
        foreach (var z in zs)
            foreach (var f in boxes)
                if (f.Axis != 'z' && f.Box.Left + 2 < z.Box.Right - 2 && f.Box.Right - 2 > z.Box.Left + 2 && Math.Abs(f.Box.MidY - z.Box.MidY) <= 1.5f * step)
                    return (f, z);
        return (null, null);
    }
}
