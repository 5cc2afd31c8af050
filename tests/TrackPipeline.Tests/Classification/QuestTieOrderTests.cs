using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Two identical copies of a track in two sub-trees (same track id, same deposits, so the same scores) tied in the
/// quest, and which one ranked first followed the order the rows arrived in (a resumed or sharded run could name the
/// other copy). Ties are now broken by the path below the input root.
/// </summary>
public sealed class QuestTieOrderTests
{
    private static IReadOnlyDictionary<string, object?> Row(string path) => new Dictionary<string, object?>
    {
        [TrackColumns.TrackId] = "TrackE0010000_D20250527_T1",
        [TrackColumns.SourcePath] = path,
    };

    private static string Winner(params string[] arrivalOrder)
    {
        var tally = new QuestTally(topPerCategory: 1);
        foreach (var path in arrivalOrder)
            tally.Offer(_ => 0.9, _ => 0.9, "TrackE0010000_D20250527_T1", path, () => Row(path));
        return tally.Candidates(0.5).First().SourcePath;
    }

    [Fact]
    public void Identical_copies_rank_by_their_path_whatever_order_they_arrive_in()
    {
        const string c1 = "c1/LAr/photons/E0010000/TrackE0010000_D20250527_T1.npz", c2 = "c2/LAr/photons/E0010000/TrackE0010000_D20250527_T1.npz";
        Assert.Equal(c1, Winner(c1, c2));
        Assert.Equal(c1, Winner(c2, c1));
        Assert.Equal(c1, Winner(c2, c1, c2));
    }
}
