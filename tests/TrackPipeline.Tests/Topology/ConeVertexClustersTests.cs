using TrackPipeline.Pipeline;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// The cone vertex's candidates come from every significant cluster, not only the charge-heaviest one
/// (<see cref="TopologySettings.VertexConeClusters"/>): on charge of known shape (straight segments sampled every 0.2 mm,
/// 0.5 mm voxels, one MIP = 100 e/mm, 1 keV per electron), the truth being the shape that was drawn.
/// </summary>
public sealed class ConeVertexClustersTests
{
    private const double VoxelM = 0.5e-3;
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);
    private static readonly Vec3 Photon = new(0, 0, 1);

    private static TopologySettings Settings(Action<TopologySettings>? change = null)
    {
        var s = Shipped.Topology;
        s.VertexMipElectronsPerMm = 100;
        // The candidates of the four largest clusters above 5 % of the charge whose stem reads two tracks (at least 1.5 MIPs).
        s.VertexConeClusters = 4;
        s.VertexConeClusterMinChargeFraction = 0.05;
        s.VertexConeOtherClusterMinMips = 1.5;
        change?.Invoke(s);
        return s;
    }

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// A narrow pair along +z (leptons at +-4 deg, 25 mm, 5000 e), then a 20 mm gap, then the piece it feeds downstream:
    /// a 155 mm trunk at three MIPs with two side branches (a converted brem's shower, 53000 e). The trunk is the main
    /// cluster; the apex is in the second one.
    /// </summary>
    private static SyntheticCloud PairBeforeAHeavierPiece()
    {
        var trunk = Vertex + 0.045 * Photon;
        return new SyntheticCloud()
            .Prong(Vertex, 4, 25).Prong(Vertex, -4, 25)
            .Segment(trunk, trunk + 0.155 * Photon, electronsPerMm: 300)
            .Prong(trunk + 0.040 * Photon, 15, 30, electronsPerMm: 120)
            .Prong(trunk + 0.090 * Photon, -12, 30, electronsPerMm: 120);
    }

    [Fact]
    public void A_pair_whose_apex_lies_in_a_smaller_cluster_than_a_downstream_piece_is_found_there()
    {
        var cloud = PairBeforeAHeavierPiece();
        var shape = cloud.Measure(settings: Settings(), voxelMm: 0.5);
        var mainOnly = cloud.Measure(settings: Settings(s => s.VertexConeClusters = 1), voxelMm: 0.5);

        Assert.True(shape.Clusters >= 2 && shape.MainClusterChargeFraction > 0.85, $"{shape.Clusters} clusters, main {shape.MainClusterChargeFraction:F2}: the test needs the apex outside a heavier main cluster");
        // The main cluster's ends alone: the vertex lands on the downstream piece, 45 mm or more from the apex (the failure).
        Assert.NotNull(mainOnly.AtPairVertex);
        Assert.True((mainOnly.AtPairVertex!.Vertex - Vertex).Length > 0.040, $"main cluster only: {(mainOnly.AtPairVertex.Vertex - Vertex).Length * 1e3:F1} mm");
        Assert.Equal(0, mainOnly.AtPairVertex.Cluster);
        // Every significant cluster's ends: the apex, in cluster 1, with its two-track stem.
        var at = shape.AtPairVertex;
        Assert.NotNull(at);
        Assert.Equal(1, at!.Cluster);
        Assert.InRange((at.Vertex - Vertex).Length * 1e3, 0, 1.5);
        Assert.InRange(AngleDeg(at.ConeAxis, Photon), 0, 5);
        Assert.True(at.TwoTrackStem, $"stem {at.StemMips:F2} MIPs");
    }

    [Fact]
    public void The_photon_is_fitted_in_the_cluster_the_vertex_lies_in()
    {
        var cloud = PairBeforeAHeavierPiece();
        var topology = Settings();
        var shape = ShapeAnalysis.Measure(cloud.Cloud(), VoxelM, VoxelM, null, topology);
        var reco = new ReconstructionStage(Shipped.Reconstruction, topology, keVPerElectron: 1.0).Reconstruct(cloud.Cloud(), VoxelM, VoxelM, shape.AtPairVertex);

        Assert.NotNull(reco.Line);
        Assert.InRange((reco.Line!.Vertex - Vertex).Length * 1e3, 0, 1.5);
        // The two leptons' bisector: along +z. Fitted in the main cluster instead, the line would find no charge at the vertex.
        Assert.NotNull(reco.PhotonDirection);
        Assert.InRange(AngleDeg(reco.PhotonDirection!.Value, Photon), 0, 3);
    }

    /// <summary>
    /// The same heavy piece downstream (from 70 mm, opening into two tracks at its far end), with a single track before it instead of the pair (one MIP, 60 mm
    /// along +z, 10 % of the charge: a Compton electron or a delta ray pointing at the shower). From its rear end the event lies ahead
    /// as from a pair's apex, so by the cone score alone it wins; its stem carries one track, not two, so with the two-track
    /// condition another cluster's end does not take the vertex.
    /// </summary>
    [Fact]
    public void A_single_track_before_a_heavier_piece_does_not_take_the_vertex_and_would_by_the_cone_score_alone()
    {
        var trunk = Vertex + 0.070 * Photon;
        var cloud = new SyntheticCloud()
            .Prong(Vertex, 0, 60)
            .Segment(trunk, trunk + 0.155 * Photon, electronsPerMm: 300)
            // The trunk's far end opens into two tracks (a straight trunk's far end would see the whole event ahead too).
            .Prong(trunk + 0.155 * Photon, 20, 30, electronsPerMm: 150)
            .Prong(trunk + 0.155 * Photon, -20, 30, electronsPerMm: 150)
            .Prong(trunk + 0.040 * Photon, 15, 30, electronsPerMm: 120)
            .Prong(trunk + 0.090 * Photon, -12, 30, electronsPerMm: 120);

        // The cone score alone (no two-track bonus), so that what decides is the cone and then the stem condition.
        var shape = cloud.Measure(settings: Settings(s => s.VertexTwoTrackWeight = 0), voxelMm: 0.5);
        var withoutStemCondition = cloud.Measure(settings: Settings(s => { s.VertexTwoTrackWeight = 0; s.VertexConeOtherClusterMinMips = 0; }), voxelMm: 0.5);

        Assert.Equal(2, shape.Clusters);
        Assert.NotNull(shape.AtPairVertex);
        Assert.Equal(0, shape.AtPairVertex!.Cluster);
        Assert.NotNull(withoutStemCondition.AtPairVertex);
        Assert.Equal(1, withoutStemCondition.AtPairVertex!.Cluster);
        Assert.InRange((withoutStemCondition.AtPairVertex.Vertex - Vertex).Length * 1e3, 0, 1.5);
        Assert.InRange(withoutStemCondition.AtPairVertex.StemMips, 0.8, 1.2);
    }

    [Fact]
    public void Settings_of_the_cluster_candidates_are_checked()
    {
        var s = Shipped.Topology;
        s.VertexConeClusters = -1;
        s.VertexConeClusterMinChargeFraction = 1.5;
        s.VertexConeOtherClusterMinMips = -1;
        var problems = s.Problems().ToList();
        Assert.Contains(problems, p => p.Contains("Topology:VertexConeClusters"));
        Assert.Contains(problems, p => p.Contains("Topology:VertexConeClusterMinChargeFraction"));
        Assert.Contains(problems, p => p.Contains("Topology:VertexConeOtherClusterMinMips"));
    }
}
