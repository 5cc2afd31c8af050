using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// The input tree is walked once (issue 14): the walk spills its listing to a hidden file that the pipeline is fed from
/// as it grows and that gives the progress total; the feed is the walk's order, whole, and the file goes away.
/// </summary>
public sealed class InputListingTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("tp-listing-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    [SharedDataFact]
    public async Task The_feed_is_the_discovery_of_the_sample_in_order_and_the_spill_file_is_removed()
    {
        var shard = new ShardSpec(1, 3);
        var expected = DatasetDiscovery.Discover(TestData.TracksRoot!).ToList();
        string spill;
        using (var listing = InputListing.Start(TestData.TracksRoot!, CompressedTrackPolicy.IfNoRaw, _out, shard.Label, s => shard.Includes(s.Name)))
        {
            spill = listing.SpillPath;
            Assert.True(await listing.HasAnyTrack);
            var fed = listing.Sources().ToList();
            await listing.Walked;
            Assert.Equal(expected, fed);   // records: every field, in order
            Assert.Equal(expected.Count, listing.Tracks);
            Assert.Equal(expected.Count(s => shard.Includes(s.Name)), listing.CountedTracks);
            Assert.StartsWith(".", Path.GetFileName(spill));
            Assert.True(File.Exists(spill));
        }
        Assert.False(File.Exists(spill));
    }

    [Fact]
    public async Task The_pipeline_is_fed_before_the_walk_ends()
    {
        // A walk that stops after its first folder until the test lets it go on: the first track must come through.
        using var proceed = new SemaphoreSlim(0);
        IEnumerable<TrackSource> Walk()
        {
            yield return Source("A", "LAr/electrons/E0001000");
            yield return Source("B", "LAr/electrons/E0001000");
            proceed.Wait();
            yield return Source("C", "LAr/photons/E0001000");
        }
        using var listing = InputListing.Start(Walk(), _out, "0of1", _ => true);
        using var feed = listing.Sources().GetEnumerator();
        Assert.True(feed.MoveNext());
        Assert.Equal("A", feed.Current.Name);
        Assert.True(feed.MoveNext());
        Assert.False(listing.Walked.IsCompleted);
        proceed.Release();
        Assert.True(feed.MoveNext());
        Assert.Equal("C", feed.Current.Name);
        Assert.False(feed.MoveNext());
        await listing.Walked;
        Assert.Equal(3, listing.Tracks);
    }

    [Fact]
    public async Task An_empty_walk_has_no_track_and_a_leftover_of_the_same_shard_is_removed()
    {
        var mine = Path.Combine(_out, ".input-listing-0of2-123-abc.jsonl");
        var other = Path.Combine(_out, ".input-listing-1of2-456-def.jsonl");
        File.WriteAllText(mine, "left by a killed run\n");
        File.WriteAllText(other, "a live shard's\n");
        using var listing = InputListing.Start([], _out, "0of2", _ => true);
        Assert.False(await listing.HasAnyTrack);
        Assert.Empty(listing.Sources());
        Assert.False(File.Exists(mine));
        Assert.True(File.Exists(other));
    }

    [Fact]
    public async Task A_merge_pass_removes_the_leftovers_of_the_shards_whose_locks_it_holds()
    {
        var killedShard = Path.Combine(_out, ".input-listing-0of2-123-abc.jsonl");
        var otherArray = Path.Combine(_out, ".input-listing-3of4-456-def.jsonl");
        File.WriteAllText(killedShard, "left by a killed shard\n");
        File.WriteAllText(otherArray, "a shard whose lock the pass does not hold\n");
        using var listing = InputListing.Start([], _out, "0of1", _ => true, leftoversOf: ["0of1", "0of2", "1of2"]);
        Assert.False(await listing.HasAnyTrack);
        Assert.False(File.Exists(killedShard));
        Assert.True(File.Exists(otherArray));
    }

    [Fact]
    public void A_missing_input_is_refused_at_start_naming_the_folder()
    {
        var missing = Path.Combine(_out, "no-such-input");
        var e = Assert.Throws<DirectoryNotFoundException>(() => InputListing.Start(missing, CompressedTrackPolicy.IfNoRaw, _out, "0of1", _ => true));
        Assert.Contains(missing, e.Message);
    }

    private static TrackSource Source(string name, string folder) =>
        new(name, "LAr", folder.Split('/')[1], 1000, $"/in/{folder}/{name}.npz", null, false, $"{folder}/{name}.npz");
}
