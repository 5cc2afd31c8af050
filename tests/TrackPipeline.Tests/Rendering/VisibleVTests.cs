using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// A V frame needs its V visible at the frame's scale (<see cref="ChargeArms.GapRunMm"/>, <see cref="VVisible"/>): generated
/// charge with known shape, offsets from the vertex (mm), shipped settings.
/// </summary>
public sealed class VisibleVTests
{
    private static Vec3 InPlane(double deg) => new(Math.Cos(deg * Math.PI / 180), Math.Sin(deg * Math.PI / 180), 0);

    /// <summary>Charge along straight lines from the vertex, a deposit of 25 e- every 0.1 mm out to <paramref name="lengthMm"/>,
    /// each deposit moved across its line by up to <paramref name="scatterMm"/> (a fixed zig-zag, either side).</summary>
    private static double[] Lines(double lengthMm, double scatterMm, params (Vec3 From, Vec3 Dir)[] lines)
    {
        var charge = new List<double>();
        foreach (var (from, dir) in lines)
        {
            var side = dir.Cross(new Vec3(0, 0, 1)).Normalized();
            for (int i = 0; i * 0.1 <= lengthMm; i++)
            {
                var p = from + (i * 0.1) * dir + ((i % 3 - 1) * scatterMm) * side;
                charge.AddRange([p.X, p.Y, p.Z, 25]);
            }
        }
        return [.. charge];
    }

    private static double GapRun(double[] charge, Vec3 a, Vec3 b) =>
        ChargeArms.GapRunMm(charge, a, b, 30, Shipped.Images.PairArmTubeMm, Shipped.Images.PairVGapMm);

    [Fact]
    public void A_V_opening_20_deg_shows_a_gap_over_most_of_its_reach()
    {
        var (a, b) = (InPlane(10), InPlane(-10));
        double run = GapRun(Lines(30, 0.2, (Vec3.Zero, a), (Vec3.Zero, b)), a, b);
        // The arms are 1.5 mm + a cell apart ~6 mm out (2 x sin 10 deg x t); from there to the 30 mm reach, ~22 mm.
        Assert.True(run >= 18, $"gap over {run:F2} mm");
        Assert.True(run >= Shipped.Images.PairVGapRunMm);
    }

    [Fact]
    public void One_straight_track_split_into_two_arms_3_deg_apart_shows_no_gap()
    {
        // The two-means of one line's scatter: directions either side of it (the 50 MeV electron T1337378167's arms).
        double run = GapRun(Lines(30, 0.3, (Vec3.Zero, InPlane(0))), InPlane(1.5), InPlane(-1.5));
        Assert.Equal(0, run);
    }

    [Fact]
    public void A_short_delta_ray_off_one_track_opens_a_gap_shorter_than_the_setting()
    {
        // A 3 mm branch at 40 deg, 10 mm down one straight track; the arms the split would find, the track and the branch.
        var track = InPlane(0);
        var charge = Lines(30, 0.2, (Vec3.Zero, track)).Concat(Lines(3, 0, (10 * track, InPlane(40)))).ToArray();
        double run = GapRun(charge, InPlane(3), InPlane(-3));
        Assert.True(run < Shipped.Images.PairVGapRunMm, $"gap over {run:F2} mm");
    }
}
