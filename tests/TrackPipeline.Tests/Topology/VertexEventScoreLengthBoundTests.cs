using TrackPipeline.Topology;

namespace TrackPipeline.Tests.Topology;

/// <summary>
/// Breaker 10 F5: Topology:VertexEventScoreLengthMm took 1e-9 and 5e-324 mm (the latter moved a vertex: its weights
/// underflow to 0), and with ConeShare any value passed (-1), so a resume with the shipped 140 was then refused over an
/// unused number. The length is bounded below by one raw-vertex voxel, whichever score is chosen.
/// </summary>
public sealed class VertexEventScoreLengthBoundTests
{
    [Theory]
    [InlineData(nameof(EventVertex.Scoring.NearMeanCosine), 1e-9)]
    [InlineData(nameof(EventVertex.Scoring.NearMeanCosine), 5e-324)]
    [InlineData(nameof(EventVertex.Scoring.ConeShare), -1)]
    [InlineData(nameof(EventVertex.Scoring.ConeShare), 1e-9)]
    [InlineData(nameof(EventVertex.Scoring.ConeShare), double.NaN)]
    [InlineData(nameof(EventVertex.Scoring.ConeShare), 1e5)]
    public void A_length_below_a_voxel_or_beyond_ten_metres_is_refused_whichever_score(string score, double length)
    {
        var s = Shipped.Topology;
        s.VertexEventScore = score;
        s.VertexEventScoreLengthMm = length;
        var problem = Assert.Single(s.Problems());
        Assert.StartsWith($"Topology:VertexEventScoreLengthMm must be a length in [{s.RawVertexVoxelMm}, 10000] mm, not {length}", problem);
        Assert.Contains("RawVertexVoxelMm", problem);   // the reason for the lower bound
    }

    [Theory]
    [InlineData(nameof(EventVertex.Scoring.NearMeanCosine))]
    [InlineData(nameof(EventVertex.Scoring.ConeShare))]
    public void One_voxel_and_the_shipped_length_pass(string score)
    {
        var s = Shipped.Topology;
        s.VertexEventScore = score;
        Assert.Empty(s.Problems());
        s.VertexEventScoreLengthMm = s.RawVertexVoxelMm;
        Assert.Empty(s.Problems());
    }
}
