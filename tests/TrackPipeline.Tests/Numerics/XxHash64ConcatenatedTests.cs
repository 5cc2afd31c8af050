using System.IO.Hashing;
using System.Runtime.InteropServices;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Numerics;

/// <summary>
/// The deposits' digest seeds every random stream of a track and is written as its deposit_digest: our XXH64 of two spans
/// must equal System.IO.Hashing's <c>Append(first); Append(second)</c> for every split of the bytes, short and long, stripes
/// straddling the two spans or not (round 13, issue 13).
/// </summary>
public sealed class XxHash64ConcatenatedTests
{
    [Fact]
    public void Equals_the_library_hash_of_the_two_spans_appended_for_every_length_split()
    {
        var random = new Random(20261128);
        var bytes = new byte[5000];
        random.NextBytes(bytes);
        int[] lengths = [.. Enumerable.Range(0, 72), 95, 96, 97, 127, 128, 129, 1000, 4093, 4096];
        int compared = 0;
        foreach (int a in lengths)
            foreach (int b in lengths)
            {
                if (a + b > bytes.Length) continue;
                var first = bytes.AsSpan(0, a);
                var second = bytes.AsSpan(a, b);
                Assert.Equal(Library(first, second), XxHash64Concatenated.Hash(first, second));
                compared++;
            }
        Assert.True(compared > 6000);
    }

    [Fact]
    public void Known_values_of_the_reference_algorithm()
    {
        // XXH64 with seed 0 of "" and of "abc" (the xxHash project's test vectors).
        Assert.Equal(0xEF46DB3751D8E999UL, XxHash64Concatenated.Hash([], []));
        Assert.Equal(0x44BC2CF5AD770999UL, XxHash64Concatenated.Hash("ab"u8, "c"u8));
    }

    [SharedDataFact]
    public void The_sample_tracks_digests_are_the_library_hash_of_positions_then_electrons()
    {
        var sources = DatasetDiscovery.Discover(TestData.TracksRoot!).Take(12).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var deposits = TrackReader.Read(source).Deposits;
            ulong expected = Library(MemoryMarshal.AsBytes(deposits.Positions.AsSpan()), MemoryMarshal.AsBytes(deposits.NumElectrons.AsSpan()));
            Assert.Equal(expected.ToString("x16"), deposits.ContentDigest());
        }
    }

    private static ulong Library(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        var hash = new XxHash64();
        hash.Append(first);
        hash.Append(second);
        return hash.GetCurrentHashAsUInt64();
    }
}
