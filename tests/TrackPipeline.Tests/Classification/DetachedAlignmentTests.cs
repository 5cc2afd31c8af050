using TrackPipeline.Classification;
using TrackPipeline.Tests.Topology;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Detached clusters seen from the track's start (<see cref="DetachedAlignment"/>), on clouds of known geometry binned
/// like 0.5 mm pixels: an electron's brems converting ahead of it are aligned, a Compton photon's sites beside or
/// behind its recoil are not; clusters below the significance cut do not count.
/// </summary>
public sealed class DetachedAlignmentTests
{
    private const double PitchM = 0.5e-3, Mip = 6000;
    private static readonly Vec3 Start = new(0.01, 0.02, 0.03), Up = new(0, 0, 1), Side = new(1, 0, 0);

    private static DetachedAlignment Measure(SyntheticCloud cloud) =>
        DetachedAlignment.Measure(new VoxelGrid(cloud.Cloud(), PitchM), Start, Up, Shipped.Classifier.DetachedConeDeg, Shipped.Topology);

    /// <summary>A 50 mm electron along +z with two sub-MeV blobs (30 ke each) at the given offsets from its start.</summary>
    private static SyntheticCloud ElectronWith(Vec3 first, Vec3 second) =>
        new SyntheticCloud().Segment(Start, Start + 0.05 * Up, Mip).Blob(Start + first, 30_000).Blob(Start + second, 30_000);

    [Fact]
    public void Brems_ahead_of_the_start_are_aligned()
    {
        // 12 and 20 cm ahead, 1 and 3 cm off the axis: 5 and 9 degrees.
        var a = Measure(ElectronWith(0.12 * Up + 0.01 * Side, 0.20 * Up + 0.03 * Side));
        Assert.Equal(2, a.AlignedClusters);
        Assert.Equal(1, a.AlignedChargeFraction, 6);
        Assert.True(a.MeanCosine > 0.98, $"mean cosine {a.MeanCosine:F3}");
    }

    [Fact]
    public void Sites_beside_and_behind_the_start_are_not()
    {
        // One at 90 degrees, one behind the start: a Compton photon's scattered-photon sites around its recoil.
        var a = Measure(ElectronWith(0.10 * Side, -0.15 * Up + 0.02 * Side));
        Assert.Equal(0, a.AlignedClusters);
        Assert.Equal(0, a.AlignedChargeFraction, 6);
        Assert.True(a.MeanCosine < -0.4, $"mean cosine {a.MeanCosine:F3}");
    }

    [Fact]
    public void One_of_each_counts_one()
    {
        var a = Measure(ElectronWith(0.12 * Up, 0.10 * Side));
        Assert.Equal(1, a.AlignedClusters);
        Assert.Equal(0.5, a.AlignedChargeFraction, 3);
    }

    [Fact]
    public void Insignificant_clusters_and_a_lone_track_give_not_applicable()
    {
        // 500 electrons: below Topology:SignificantMinElectrons.
        var faint = new SyntheticCloud().Segment(Start, Start + 0.05 * Up, Mip).Blob(Start + 0.12 * Up, 500);
        Assert.True(Shipped.Topology.SignificantMinElectrons > 500);
        Assert.Equal(DetachedAlignment.NotApplicable, Measure(faint));
        Assert.Equal(DetachedAlignment.NotApplicable, Measure(new SyntheticCloud().Segment(Start, Start + 0.05 * Up, Mip)));
    }
}
