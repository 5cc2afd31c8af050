using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The charge per length a few mm into the track from each end (<see cref="EndPlateau"/>, via <see cref="ChargeProfile"/>),
/// over the track's median, on clouds of known shape binned like 0.5 mm pixels: an electron starts with one MIP; a
/// pair whose leptons overlap for the first 8 mm starts, at its vertex, with two.
/// </summary>
public sealed class EndPlateauTests
{
    private const double PitchM = 0.5e-3, RadiusM = 1.2e-3, Mip = 6000;
    private static readonly double PruneM = Shipped.Topology.PruneLengthMm * 1e-3;
    private static readonly (double, double) Window = (Shipped.Classifier.EndPlateauFromMm * 1e-3, Shipped.Classifier.EndPlateauToMm * 1e-3);
    private static readonly Vec3 Origin = new(0.01, 0.02, 0.03), Up = new(0, 0, 1);

    [Fact]
    public void An_electron_starts_with_one_MIP_per_median()
    {
        // 40 mm of one MIP, then a 3 mm Bragg end of four.
        var end = Origin + 0.04 * Up;
        var p = ChargeProfile.Measure(new SyntheticCloud().Segment(Origin, end, Mip).Segment(end, end + 3e-3 * Up, 4 * Mip).Cloud(), PitchM, PruneM, RadiusM, null, Window);
        Assert.InRange(p.SparserPlateauOverMedian, 0.85, 1.2);
        Assert.True(p.DenserPlateauOverMedian > p.SparserPlateauOverMedian, $"Bragg side {p.DenserPlateauOverMedian:F2}, start {p.SparserPlateauOverMedian:F2}");
    }

    [Fact]
    public void An_unresolved_pair_starts_with_two_MIPs_at_its_vertex()
    {
        // The leptons overlap for 8 mm (two MIPs), then one goes on 30 mm and the other is a 5 mm stub (pruned away).
        var split = Origin + 8e-3 * Up;
        var cloud = new SyntheticCloud().Segment(Origin, split, 2 * Mip).Prong(split, 0, 30, Mip).Prong(split, 40, 5, Mip).Cloud();
        var p = ChargeProfile.Measure(cloud, PitchM, PruneM, RadiusM, null, Window);
        Assert.True(p.DenserPlateauOverMedian > 1.5, $"vertex side {p.DenserPlateauOverMedian:F2} x median");
        Assert.InRange(p.SparserPlateauOverMedian, 0.85, 1.2);
    }

    [Fact]
    public void A_track_shorter_than_the_window_has_no_plateau()
    {
        var p = ChargeProfile.Measure(new SyntheticCloud().Segment(Origin, Origin + 1.5e-3 * Up, Mip).Cloud(), PitchM, PruneM, RadiusM, null, Window);
        Assert.Equal(-1, p.SparserPlateauOverMedian);
        Assert.Equal(-1, p.DenserPlateauOverMedian);
    }
}
