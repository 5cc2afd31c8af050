using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// breaker20 item 4: <c>evaluate</c> / <c>train --tracks-csv</c> named each track by its bare file stem, so the same-named
/// tracks of two sub-trees shared one name there while the tables gave them two ids. The csv's <c>track</c> is the tables'
/// <c>track_id</c>.
/// </summary>
public sealed class TracksCsvNameTests
{
    private static LabelledTrack Track(string relativePath) =>
        new("TrackE0020000_D20250527_T1", relativePath, new float[DetectorFeatures.Names.Length], null, null, null, null);

    [Fact]
    public void The_csv_names_a_track_by_its_track_id()
    {
        var usual = Track("LAr/photons/E0020000/TrackE0020000_D20250527_T1.npz");
        var first = Track("c1/LAr/photons/E0020000/TrackE0020000_D20250527_T1.npz");
        var second = Track("c2/LAr/photons/E0020000/TrackE0020000_D20250527_T1.npz");
        var names = TrackTable.ToCsv([usual, first, second]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line[..line.IndexOf(',')]).ToArray();
        Assert.Equal(["TrackE0020000_D20250527_T1", TrackIdentity.Of(first.Name, first.RelativePath), TrackIdentity.Of(second.Name, second.RelativePath)], names);
        Assert.Equal(3, names.Distinct().Count());
    }
}
