using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Equal quest keys: two identical copies of a track in two sub-trees (same deposits, so the same scores) tied, and which
/// one ranked first followed the order the rows arrived in (fifth session); then the tie went to the smaller track id
/// (known issue S9), a file name that carries the true energy. Ties are now broken by the digest of the deposits
/// (<c>deposit_digest</c>), then by the path below the input root: a track's name never decides its rank.
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed class QuestTieOrderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-quest-ties-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static IReadOnlyDictionary<string, object?> Row(string path) => new Dictionary<string, object?>
    {
        [TrackColumns.TrackId] = Path.GetFileNameWithoutExtension(path),
        [TrackColumns.SourcePath] = path,
    };

    private static string Winner(params (string Digest, string Path)[] arrivalOrder)
    {
        var tally = new QuestTally(topPerCategory: 1);
        foreach (var (digest, path) in arrivalOrder)
            tally.Offer(_ => 0.9, _ => 0.9, digest, path, () => Row(path));
        return tally.Candidates(0.5).First().SourcePath;
    }

    [Fact]
    public void Identical_copies_rank_by_their_path_whatever_order_they_arrive_in()
    {
        const string digest = "0123456789abcdef";
        var c1 = (digest, "c1/LAr/photons/E0010000/TrackE0010000_D20250527_T1.npz");
        var c2 = (digest, "c2/LAr/photons/E0010000/TrackE0010000_D20250527_T1.npz");
        Assert.Equal(c1.Item2, Winner(c1, c2));
        Assert.Equal(c1.Item2, Winner(c2, c1));
        Assert.Equal(c1.Item2, Winner(c2, c1, c2));
    }

    [Fact]
    public void Distinct_tracks_with_equal_keys_rank_by_their_deposits_not_their_names()
    {
        // The lower energy in the name (and the smaller path) is the other track: the digest decides.
        var low = ("ffff000000000000", "LAr/photons/E0001000/TrackE0001000_D20250527_T1.npz");
        var high = ("0000ffff00000000", "LAr/photons/E0050000/TrackE0050000_D20250527_T9.npz");
        Assert.Equal(high.Item2, Winner(low, high));
        Assert.Equal(high.Item2, Winner(high, low));
    }

    /// <summary>
    /// One real track stored twice, in <c>c1/</c> and <c>c2/</c>, under names given in the order asked. The copies tie in
    /// every category; the winner must be the same copy whichever name each one carries.
    /// </summary>
    private async Task<(string Winner, string Output)> RunTwoCopies(string name1, string name2)
    {
        var source = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var input = Path.Combine(_work, $"in-{name1[^1]}");
        foreach (var (tree, name) in new[] { ("c1", name1), ("c2", name2) })
        {
            var folder = Directory.CreateDirectory(Path.Combine(input, tree, "LAr", "electrons", "E0001000")).FullName;
            File.CreateSymbolicLink(Path.Combine(folder, name + ".npz"), source);
            File.CreateSymbolicLink(Path.Combine(folder, name + ".pickle"), Path.ChangeExtension(source, ".pickle"));
        }
        var output = Path.Combine(_work, $"out-{name1[^1]}");
        var code = await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "quest", "--Classifier:QuestTopPerCategory", "1"]);
        Assert.Equal(ExitCodes.Success, code);
        var candidates = (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Quest))).Rows;
        Assert.NotEmpty(candidates);
        var winners = candidates.Select(r => (string)r[TrackColumns.SourcePath]!).Distinct(StringComparer.Ordinal).ToList();
        return (Assert.Single(winners), output);   // the same copy in every category
    }

    [SharedDataFact]
    public async Task Two_copies_of_one_track_rank_by_their_place_whatever_their_names()
    {
        const string low = "TrackE0001000_D20250527_T1111111111", high = "TrackE0001000_D20250527_T9999999999";
        var (first, firstOutput) = await RunTwoCopies(high, low);
        var (second, _) = await RunTwoCopies(low, high);
        Assert.StartsWith("c1/", first);
        Assert.StartsWith("c1/", second);

        // The copies share their deposits, so their digest: the tracks table says so, and that is what ranks them.
        var digests = (await ParquetDataset.ReadAsync(Path.Combine(firstOutput, OutputLayout.Tracks), [TrackColumns.DepositDigest])).Rows
            .Select(r => (string)r[TrackColumns.DepositDigest]!).ToList();
        Assert.Equal(2, digests.Count);
        Assert.Matches("^[0-9a-f]{16}$", Assert.Single(digests.Distinct(StringComparer.Ordinal)));
        // The render stage kept the winner's picture, not the other copy's (it ranks ties as the quest does).
        var folder = Path.Combine(firstOutput, OutputLayout.Images, "electrons", "E0001000");
        Assert.True(File.Exists(Path.Combine(folder, $"c1~{high}.png")));
        Assert.False(File.Exists(Path.Combine(folder, $"c2~{low}.png")));
    }
}
