using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The charge per length at a track's ends (<see cref="ChargeProfile"/>) on clouds of known shape, binned like 0.5 mm
/// pixels, with 6 ke/mm for one MIP: one straight lepton starts with one MIP, two leptons leaving a vertex together
/// (a narrow pair) start with two and have two ahead of the vertex, a point inside one track has one ahead and one
/// behind, and an electron's Bragg end is denser than its start.
/// </summary>
public sealed class ChargeProfileTests
{
    private const double PitchM = 0.5e-3, RadiusM = 1.2e-3, Mip = 6000;
    private static readonly double PruneM = Shipped.Topology.PruneLengthMm * 1e-3;
    private static readonly Vec3 Origin = new(0.01, 0.02, 0.03);

    // Whole voxels are counted: a 1.2 mm sphere inside a line of 0.5 mm voxels holds 5 of them, 2.5 mm of track for
    // 2.4 mm (a few % high; more for slanted lines). The end sphere is centred on the end voxel's centroid, up to half a pixel inside the track: ends read up to
    // ~1.5 MIP-lengths for one MIP, so one and two MIPs are told apart by ranges that do not overlap.
    private const double OneMipLow = 4.5, OneMipHigh = 9, TwoMipLow = 10, TwoMipHigh = 18;

    [Fact]
    public void A_single_straight_track_starts_and_stops_with_one_MIP()
    {
        var p = ChargeProfile.Measure(new SyntheticCloud().Prong(Origin, 30, 40, Mip).Cloud(), PitchM, PruneM, RadiusM, null);
        Assert.InRange(p.MedianKePerMm, 0.9 * Mip / 1e3, 1.3 * Mip / 1e3);
        Assert.InRange(p.StartKePerMm, OneMipLow, OneMipHigh);
        Assert.InRange(p.StopKePerMm, OneMipLow, OneMipHigh);
        Assert.Equal(-1, p.VertexForwardKePerMm);
    }

    [Fact]
    public void A_narrow_pair_starts_with_two_MIPs_and_an_electron_with_one()
    {
        // 1 degree: the leptons stay within a pixel of each other for ~3 cm, as a 50 MeV pair's do.
        var up = new Vec3(0, 0, 1);
        var atVertex = new ProngSplit(Origin, 2e-3, 2, 1, 1, up, new Vec3(Math.Sin(Math.PI / 180), 0, Math.Cos(Math.PI / 180)));
        var pair = ChargeProfile.Measure(new SyntheticCloud().Prong(Origin, 0, 20, Mip).Prong(Origin, 1, 20, Mip).Cloud(), PitchM, PruneM, RadiusM, atVertex);
        Assert.InRange(pair.MedianKePerMm, 1.8 * Mip / 1e3, 2.6 * Mip / 1e3);
        Assert.InRange(pair.StartKePerMm, TwoMipLow, TwoMipHigh);
        // Both leptons leave the vertex forward: two MIPs ahead, nothing behind.
        Assert.InRange(pair.VertexForwardKePerMm, TwoMipLow, TwoMipHigh);
        Assert.True(pair.VertexForwardFraction > 0.85, $"forward fraction {pair.VertexForwardFraction:F2}");

        // The same point inside one straight track: one MIP ahead, half the charge behind.
        var through = ChargeProfile.Measure(new SyntheticCloud().Segment(Origin - 0.02 * up, Origin + 0.02 * up, Mip).Cloud(), PitchM, PruneM, RadiusM,
            new ProngSplit(Origin, 2e-3, 2, 1, 1, up, -1 * up));
        Assert.InRange(through.VertexForwardKePerMm, OneMipLow, OneMipHigh);
        Assert.InRange(through.VertexForwardFraction, 0.35, 0.65);

        // An electron that stops: the last 3 mm carry 4 MIPs per mm.
        var end = Origin + 0.02 * new Vec3(0, 0, 1);
        var electron = ChargeProfile.Measure(new SyntheticCloud().Prong(Origin, 0, 20, Mip).Segment(end, end + 3e-3 * new Vec3(0, 0, 1), 4 * Mip).Cloud(), PitchM, PruneM, RadiusM, null);
        Assert.InRange(electron.StartKePerMm, OneMipLow, OneMipHigh);
        Assert.True(electron.StopKePerMm > TwoMipHigh, $"Bragg end {electron.StopKePerMm:F1} ke/mm");
    }

    [Fact]
    public void No_charge_gives_no_profile()
    {
        Assert.Equal(ChargeProfile.None, ChargeProfile.Measure(new SyntheticCloud().Cloud(), PitchM, PruneM, RadiusM, null));
    }
}
