using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The first centimetres from the track's start (<see cref="StartStem"/>, via <see cref="ChargeProfile"/>) on clouds of
/// known shape binned like 0.5 mm pixels, with the shipped window: an electron's start reads one MIP per mm, a narrow
/// pair's vertex two; the window follows the start direction along the path; a pair whose leptons part after a stem
/// branches near the start, an electron's far delta ray does not count.
/// </summary>
public sealed class StartStemTests
{
    private const double PitchM = 0.5e-3, Mip = 6000;
    private static readonly double PruneM = Shipped.Topology.PruneLengthMm * 1e-3, RadiusM = Shipped.Classifier.EndChargeRadiusMm * 1e-3;
    private static readonly Vec3 Origin = new(0.01, 0.02, 0.03), Up = new(0, 0, 1), Side = new(1, 0, 0);

    private static StartStem Measure(SyntheticCloud cloud, Vec3 start, Vec3 direction) =>
        ChargeProfile.Measure(cloud.Cloud(), PitchM, PruneM, RadiusM, null, null,
            new StemWindow(start, direction, Shipped.Classifier.StartStemFromMm * 1e-3, Shipped.Classifier.StartStemToMm * 1e-3, Shipped.Classifier.StartBranchRadiusMm * 1e-3)).Stem;

    [Fact]
    public void An_electron_start_reads_one_MIP_and_no_branch()
    {
        var end = Origin + 0.06 * Up;
        var s = Measure(new SyntheticCloud().Segment(Origin, end, Mip).Segment(end, end + 3e-3 * Up, 4 * Mip), Origin, Up);
        Assert.InRange(s.KePerMm, 0.8 * Mip * 1e-3, 1.25 * Mip * 1e-3);
        Assert.Equal(0, s.BranchPoints);
    }

    [Fact]
    public void A_narrow_pair_vertex_reads_two_MIPs()
    {
        // The leptons overlap for the first 35 mm (two MIPs), then part at +-20 degrees for 25 mm each; an electron of the same length.
        var split = Origin + 0.035 * Up;
        var pair = new SyntheticCloud().Segment(Origin, split, 2 * Mip).Prong(split, 20, 25, Mip).Prong(split, -20, 25, Mip);
        var electron = new SyntheticCloud().Prong(Origin, 0, 60, Mip);
        var atPair = Measure(pair, Origin, Up);
        var atElectron = Measure(electron, Origin, Up);
        Assert.True(atPair.KePerMm > 1.7 * atElectron.KePerMm, $"pair {atPair.KePerMm:F2} ke/mm, electron {atElectron.KePerMm:F2}");
    }

    [Fact]
    public void The_window_follows_the_start_direction_from_either_end()
    {
        // 30 mm of one MIP, then 30 mm of three: from the first end forwards one MIP, from the far end backwards three.
        var middle = Origin + 0.03 * Up;
        var far = Origin + 0.06 * Up;
        var cloud = new SyntheticCloud().Segment(Origin, middle, Mip).Segment(middle, far, 3 * Mip);
        var fromStart = Measure(cloud, Origin, Up);
        var fromFar = Measure(cloud, far, -1 * Up);
        Assert.InRange(fromStart.KePerMm, 0.8 * Mip * 1e-3, 1.4 * Mip * 1e-3);
        Assert.InRange(fromFar.KePerMm, 2.4 * Mip * 1e-3, 3.3 * Mip * 1e-3);
    }

    [Fact]
    public void Leptons_parting_after_a_stem_branch_near_the_start_a_far_delta_ray_does_not_count()
    {
        // A pair: 10 mm of two MIPs, then the leptons part at +-20 degrees for 40 mm.
        var split = Origin + 0.01 * Up;
        var pair = new SyntheticCloud().Segment(Origin, split, 2 * Mip).Prong(split, 20, 40, Mip).Prong(split, -20, 40, Mip);
        Assert.Equal(1, Measure(pair, Origin, Up).BranchPoints);
        // An electron with a 12 mm delta ray 50 mm from its start.
        var delta = Origin + 0.05 * Up;
        var electron = new SyntheticCloud().Segment(Origin, Origin + 0.08 * Up, Mip).Segment(delta, delta + 0.012 * Side, Mip);
        Assert.Equal(0, Measure(electron, Origin, Up).BranchPoints);
    }

    [Fact]
    public void A_track_shorter_than_the_window_start_is_not_read()
    {
        var s = Measure(new SyntheticCloud().Segment(Origin, Origin + 2e-3 * Up, Mip), Origin, Up);
        Assert.Equal(-1, s.KePerMm);
    }
}
