using System.Text.RegularExpressions;
using TrackPipeline.App;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Cluster;

/// <summary>
/// The exit code of a rerun did not depend on the output's refused pickles alone but on the sharding (session 26 breaker12
/// item 8): an unsharded output holding truth-only rows, rerun as --shard 0/2 and 1/2, said exit 0 and "0 rejected" in
/// each (the unsharded errors part is not a shard's to carry), while an unsharded rerun said exit 2. Real tracks, real runs.
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed partial class ShardedTruthOnlyRowsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-sharded-truth-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [GeneratedRegex(@"Done: .* (\d+) rejected")]
    private static partial Regex DoneLine();

    private static int Rejected(string stdout, string stderr) =>
        int.Parse(Assert.Single(DoneLine().Matches(stdout + stderr)).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [SharedDataFact]
    public async Task Each_shard_of_a_rerun_counts_the_refused_pickles_of_its_own_tracks_kept_in_the_unsharded_errors_part()
    {
        // One folder of the sample, every .pickle cut in half: each track is written without truth, one row per pickle.
        var input = Path.Combine(_work, "in");
        var folder = Path.Combine("LAr", "electrons", "E0000500");
        var into = Directory.CreateDirectory(Path.Combine(input, folder)).FullName;
        var refused = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)))
        {
            var to = Path.Combine(into, Path.GetFileName(file));
            if (!file.EndsWith(".pickle", StringComparison.Ordinal)) { File.CreateSymbolicLink(to, file); continue; }
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(to, bytes[..(bytes.Length / 2)]);
            refused.Add(Path.GetFileNameWithoutExtension(file));
        }
        Assert.True(refused.Count >= 2, $"{refused.Count} pickles in {folder}");
        var output = Path.Combine(_work, "out");
        string[] Args(params string[] more) => ["run", "--input", input, "--output", output, "--images", "none", .. more];
        var (first, firstOut, firstError) = await Hosting.ConsoleCapture.RunAsync(Args());
        Assert.True(first == ExitCodes.SomeInputsRejected, firstError);
        Assert.Equal(refused.Count, Rejected(firstOut, firstError));

        // Each shard says the rows of its own tracks (which shard a track is in is the stable hash of its name).
        int said = 0;
        for (int k = 0; k < 2; k++)
        {
            var shard = new ShardSpec(k, 2);
            int mine = refused.Count(shard.Includes);
            var (code, stdout, error) = await Hosting.ConsoleCapture.RunAsync(Args("--shard", $"{k}/2"));
            Assert.True(code == (mine > 0 ? ExitCodes.SomeInputsRejected : ExitCodes.Success), $"shard {shard}: exit {code}, {mine} of its tracks refused\n{error}");
            Assert.Equal(mine, Rejected(stdout, error));
            said += mine;
        }
        Assert.Equal(refused.Count, said);

        // Said, not copied: the errors table still holds each row once, and the unsharded rerun says them all.
        Assert.Equal(refused.Count, (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Errors))).Rows.Count);
        var (again, againOut, againError) = await Hosting.ConsoleCapture.RunAsync(Args());
        Assert.True(again == ExitCodes.SomeInputsRejected, againError);
        Assert.Equal(refused.Count, Rejected(againOut, againError));
        Assert.Equal(refused.Count, (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Errors))).Rows.Count);
    }
}
