using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Numerics;

/// <summary>
/// The readout draws its noise voxel by voxel in the order <see cref="SparseVoxelIndex"/> numbers them, which must be the
/// order a <see cref="Dictionary{TKey,TValue}"/> enumerated them in (first met first), through every growth of the table.
/// </summary>
public class SparseVoxelIndexTests
{
    [Fact]
    public void Numbers_voxels_in_first_met_order_like_a_dictionary_through_growth()
    {
        var random = new Random(5);
        var index = new SparseVoxelIndex(expectedVoxels: 4); // grows many times
        var reference = new Dictionary<long, int>();
        for (int i = 0; i < 200_000; i++)
        {
            // Packed keys of voxels near each other, as a track's are, with repeats.
            long key = ((long)(random.Next(-300, 300) + (1 << 20)) << 42) | ((long)(random.Next(-50, 50) + (1 << 20)) << 21) | (uint)(random.Next(-50, 50) + (1 << 20));
            int voxel = index.GetOrAdd(key, out bool added);
            if (!reference.TryGetValue(key, out int expected))
            {
                expected = reference.Count;
                reference.Add(key, expected);
                Assert.True(added);
            }
            else Assert.False(added);
            Assert.Equal(expected, voxel);
        }
        Assert.Equal(reference.Count, index.Count);
        Assert.Equal(reference.Keys.ToArray(), index.Keys.ToArray()); // Dictionary enumerates in insertion order (no removals)
        foreach (var (key, voxel) in reference) Assert.Equal(voxel, index.Find(key));
        Assert.Equal(-1, index.Find(long.MaxValue));
        Assert.Equal(-1, index.Find(0));
    }

    [Fact]
    public void A_reset_index_numbers_the_next_track_as_a_new_one_would()
    {
        // The readout reuses one index from track to track: a big track, then smaller and bigger ones after Reset,
        // must be numbered exactly as by a fresh index, with nothing left of the track before.
        var random = new Random(11);
        var reused = new SparseVoxelIndex(expectedVoxels: 16);
        var keys = new List<long>();
        foreach (int keysInTrack in new[] { 50_000, 300, 5, 120_000, 2_000 })
        {
            reused.Reset(keysInTrack / 8);
            var fresh = new SparseVoxelIndex(keysInTrack / 8);
            keys.Clear();
            for (int i = 0; i < keysInTrack; i++)
            {
                long key = ((long)(random.Next(-300, 300) + (1 << 20)) << 42) | ((long)(random.Next(-50, 50) + (1 << 20)) << 21) | (uint)(random.Next(-50, 50) + (1 << 20));
                keys.Add(key);
                Assert.Equal(fresh.GetOrAdd(key, out bool addedFresh), reused.GetOrAdd(key, out bool addedReused));
                Assert.Equal(addedFresh, addedReused);
            }
            Assert.Equal(fresh.Keys.ToArray(), reused.Keys.ToArray());
            foreach (var key in keys) Assert.Equal(fresh.Find(key), reused.Find(key));
        }
        reused.Reset(4);
        Assert.Equal(0, reused.Count);
        foreach (var key in keys) Assert.Equal(-1, reused.Find(key));
    }
}
