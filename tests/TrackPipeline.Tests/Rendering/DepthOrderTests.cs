using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The counting sort's definition: indices by ascending depth step, <c>(int)((key - min) * 65535 / (max - min))</c> in float,
/// ties in index order (stable). Checked against a comparison sort of that definition, so its vector passes cannot move a point.
/// </summary>
public sealed class DepthOrderTests
{
    [Theory]
    [InlineData(2049, 1)]      // just above the small-scene cut (Array.Sort below it)
    [InlineData(100_003, 2)]   // a dense track: many points per step, odd length for the scalar tail
    [InlineData(50_000, 3)]
    public void Order_is_the_stable_sort_by_depth_step(int n, int seed)
    {
        var random = new Random(seed);
        var key = new float[n];
        for (int i = 0; i < n; i++) key[i] = seed == 3 ? MathF.Round((float)random.NextDouble() * 40) - 20 : (float)(random.NextDouble() * 3e3 - 1e3);
        var order = new int[n];
        DepthOrder.Sort(key, order);
        float lo = key.Min(), hi = key.Max();
        float scale = (65536 - 1) / (hi - lo);
        var expected = Enumerable.Range(0, n).OrderBy(i => (int)((key[i] - lo) * scale)).ThenBy(i => i).ToArray();
        Assert.Equal(expected, order);
    }

    [Fact]
    public void A_nan_key_does_not_throw_and_the_others_keep_their_order()
    {
        var key = Enumerable.Range(0, 3000).Select(i => (float)((i * 7919) % 3000)).ToArray();
        key[17] = float.NaN;
        var order = new int[key.Length];
        DepthOrder.Sort(key, order);
        Assert.Equal(Enumerable.Range(0, key.Length).ToArray(), order.Order().ToArray());   // a permutation
        var finite = order.Where(i => !float.IsNaN(key[i])).Select(i => key[i]).ToArray();
        Assert.Equal(finite.Order().ToArray(), finite);
    }
}
