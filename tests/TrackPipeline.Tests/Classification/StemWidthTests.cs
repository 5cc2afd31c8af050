using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The start stem's width (<see cref="StemWidth"/>, via <see cref="ChargeProfile"/> and <see cref="StartStem"/>) on clouds of
/// known shape binned like 0.5 mm pixels, with the shipped windows: one electron is as narrow far from its start as near it,
/// also when the drift has spread it over several pixels; two leptons leaving a vertex a few degrees apart widen it.
/// </summary>
public sealed class StemWidthTests
{
    private const double PitchM = 0.5e-3, Mip = 6000;
    private static readonly double PruneM = Shipped.Topology.PruneLengthMm * 1e-3, RadiusM = Shipped.Classifier.EndChargeRadiusMm * 1e-3;
    // Off the pixel edges by a quarter pitch, so that a line along z sits inside one column of pixels.
    private static readonly Vec3 Origin = new(0.01025, 0.02025, 0.03), Up = new(0, 0, 1);

    private static StartStem Measure(SyntheticCloud cloud) =>
        ChargeProfile.Measure(cloud.Cloud(), PitchM, PruneM, RadiusM, null, null,
            new StemWindow(Origin, Up, Shipped.Classifier.StartStemFromMm * 1e-3, Shipped.Classifier.StartStemToMm * 1e-3, Shipped.Classifier.StartBranchRadiusMm * 1e-3,
                Shipped.Classifier.StemWidthRadiusMm * 1e-3, Shipped.Classifier.StemWidthSplitMm * 1e-3)).Stem;

    [Fact]
    public void One_electron_is_as_wide_far_from_its_start_as_near_it()
    {
        var s = Measure(new SyntheticCloud().Prong(Origin, 0, 60, Mip));
        Assert.InRange(s.WidthNearMm, 0, 0.1);
        Assert.InRange(s.WidthFarOverNear, 0.8, 1.25);
    }

    /// <summary>One lepton as the drift spreads it: three parallel lines a pixel apart across the track (in y), carrying 1/4, 1/2, 1/4 of its charge.</summary>
    private static SyntheticCloud Diffused(SyntheticCloud cloud, Vec3 from, double angleDeg)
    {
        var across = new Vec3(0, PitchM, 0);
        return cloud.Prong(from, angleDeg, 60, 0.5 * Mip).Prong(from + across, angleDeg, 60, 0.25 * Mip).Prong(from - 1 * across, angleDeg, 60, 0.25 * Mip);
    }

    // On a pixel edge in x, so that two leptons parting in x fill two touching pixel columns (one track to the skeleton) over the first 3 cm.
    private static readonly Vec3 OnEdge = new(0.010001, 0.02025, 0.03);

    private static StartStem MeasureFrom(SyntheticCloud cloud, Vec3 start) =>
        ChargeProfile.Measure(cloud.Cloud(), PitchM, PruneM, RadiusM, null, null,
            new StemWindow(start, Up, Shipped.Classifier.StartStemFromMm * 1e-3, Shipped.Classifier.StartStemToMm * 1e-3, Shipped.Classifier.StartBranchRadiusMm * 1e-3,
                Shipped.Classifier.StemWidthRadiusMm * 1e-3, Shipped.Classifier.StemWidthSplitMm * 1e-3)).Stem;

    [Fact]
    public void A_diffused_electron_is_wider_but_its_width_does_not_grow()
    {
        var s = MeasureFrom(Diffused(new SyntheticCloud(), OnEdge, 0), OnEdge);
        // sqrt(2 x 1/4) pitch = 0.35 mm across.
        Assert.InRange(s.WidthNearMm, 0.25, 0.45);
        Assert.InRange(s.WidthFarOverNear, 0.85, 1.15);
    }

    [Fact]
    public void Two_leptons_parting_slowly_from_the_vertex_widen_the_stem()
    {
        // +-1 degree: 0.1-0.4 mm apart in the near window, 0.4-1 mm in the far one, never resolved as a V by the skeleton.
        var pair = MeasureFrom(Diffused(Diffused(new SyntheticCloud(), OnEdge, 1), OnEdge, -1), OnEdge);
        var electron = MeasureFrom(Diffused(new SyntheticCloud(), OnEdge, 0), OnEdge);
        Assert.True(pair.WidthFarOverNear > 1.2 && pair.WidthFarOverNear > electron.WidthFarOverNear + 0.15,
            $"pair far / near {pair.WidthFarOverNear:F2} (near {pair.WidthNearMm:F3} mm), electron {electron.WidthFarOverNear:F2} (near {electron.WidthNearMm:F3} mm)");
    }

    [Fact]
    public void A_track_shorter_than_the_far_window_has_no_ratio()
    {
        var s = Measure(new SyntheticCloud().Prong(Origin, 0, 8, Mip));
        Assert.True(s.WidthNearMm >= 0);
        Assert.Equal(-1, s.WidthFarOverNear);
    }
}
