using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// A V among the detached clusters (<see cref="DetachedPair"/>), on clouds of known geometry binned like 0.5 mm pixels:
/// a main track (the Compton recoil) with a detached pair 10 cm away is seen; the same main track with a detached single
/// lepton instead, or with a detached blob under the charge gate, is not.
/// </summary>
public sealed class DetachedPairTests
{
    private const double PitchM = 0.5e-3;
    private static readonly Vec3 Recoil = new(0.01, 0.02, 0.03), PairVertex = new(0.11, 0.02, 0.03);

    /// <summary>Shipped settings, with one MIP = the synthetic clouds' 100 electrons per mm.</summary>
    private static TopologySettings Settings()
    {
        var s = Shipped.Topology;
        s.VertexMipElectronsPerMm = 100;
        return s;
    }

    private static DetachedPair Measure(SyntheticCloud cloud) =>
        DetachedPair.Measure(new ConnectedClusters(new VoxelGrid(cloud.Cloud(), PitchM)), Shipped.Classifier.DetachedVMinChargeFraction,
            Shipped.Classifier.DetachedVMaxClusters, Settings());

    /// <summary>The recoil: a 150 mm electron along -z (15,000 electrons: the biggest cluster, the main track).</summary>
    private static SyntheticCloud RecoilTrack() => new SyntheticCloud().Prong(Recoil, 180, 150);

    [Fact]
    public void A_pair_in_a_detached_cluster_is_seen_with_its_place()
    {
        // Two 30 mm leptons 30 degrees apart from one apex, 10 cm from the recoil: two arms and a V.
        var v = Measure(RecoilTrack().Prong(PairVertex, 15, 30).Prong(PairVertex, -15, 30));
        Assert.True(v.Score >= 1, $"score {v.Score:F2}");
        Assert.InRange(v.OpeningAngleDeg, 20, 40);
        Assert.InRange(v.ChargeFraction, 6000.0 / 21_000 - 0.02, 6000.0 / 21_000 + 0.02);
        // The pair's centroid is 15 mm up its arms (x cos 15 deg along z); the recoil's 75 mm down its track.
        double expectedMm = ((PairVertex + 0.0145 * new Vec3(0, 0, 1)) - (Recoil - 0.075 * new Vec3(0, 0, 1))).Length * 1e3;
        Assert.InRange(v.DistanceMm, expectedMm - 3, expectedMm + 3);
    }

    [Fact]
    public void A_narrow_pair_whose_leptons_never_part_shows_two_tracks_of_charge()
    {
        var v = Measure(RecoilTrack().Prong(PairVertex, 0.1, 40).Prong(PairVertex, -0.1, 40));
        Assert.InRange(v.StemMips, 1.6, 2.4);
        Assert.True(v.Score >= 0.8, $"score {v.Score:F2}");
    }

    [Fact]
    public void A_detached_single_lepton_is_not_a_V()
    {
        var v = Measure(RecoilTrack().Prong(PairVertex, 20, 40));
        Assert.True(v.Score < 1, $"score {v.Score:F2}, opening {v.OpeningAngleDeg:F0}");
        Assert.InRange(v.StemMips, 0.6, 1.4);
        Assert.Equal(-1, v.OpeningAngleDeg);
    }

    [Fact]
    public void Without_a_detached_cluster_above_the_gate_nothing_applies()
    {
        Assert.Equal(DetachedPair.None, Measure(RecoilTrack()));
        // 100 electrons: under Topology:SignificantMinElectrons and 0.7 % of the recoil's 15,000, under the 5 % gate.
        Assert.True(Shipped.Classifier.DetachedVMinChargeFraction > 100.0 / 6000);
        Assert.Equal(DetachedPair.None, Measure(RecoilTrack().Blob(PairVertex, 100)));
    }
}
