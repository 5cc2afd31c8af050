using TrackPipeline.Rendering;
using Xunit;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The rings' grid gives, for every ring, exactly the nearest point within its reach that comparing every point with
/// every ring gives (the pictures' rings must not move when the search gets cheaper).
/// </summary>
public sealed class RingNeighbourhoodTests
{
    [Theory]
    [InlineData(1, 1, 500)]
    [InlineData(2, 12, 4000)]
    [InlineData(3, 80, 20000)]
    public void Nearest_point_within_reach_is_what_every_pair_gives(int seed, int rings, int points)
    {
        var random = new Random(seed);
        var x = new float[rings]; var y = new float[rings]; var reach = new float[rings];
        for (int k = 0; k < rings; k++)
        {
            // Rings of 3-40 px over a 900 x 600 px panel, some clustered, some alone.
            x[k] = k % 3 == 0 ? 400 + (float)random.NextDouble() * 30 : (float)random.NextDouble() * 900;
            y[k] = k % 3 == 0 ? 300 + (float)random.NextDouble() * 30 : (float)random.NextDouble() * 600;
            reach[k] = 3 + (float)random.NextDouble() * 37;
        }
        var px = new float[points]; var py = new float[points];
        for (int i = 0; i < points; i++)
        {
            // Points on and off the panel, many near the rings' cells' edges.
            px[i] = (float)(random.NextDouble() * 1100 - 100);
            py[i] = (float)(random.NextDouble() * 800 - 100);
        }
        px[0] = float.NaN;

        using var grid = new RingNeighbourhood(x, y, reach);
        for (int i = 0; i < points; i++) grid.Offer(px[i], py[i]);

        int touched = 0;
        for (int k = 0; k < rings; k++)
        {
            float expected = reach[k] * reach[k];
            for (int i = 0; i < points; i++)
            {
                float dx = px[i] - x[k], dy = py[i] - y[k], d2 = dx * dx + dy * dy;
                if (d2 < expected) expected = d2;
            }
            if (expected < reach[k] * reach[k]) touched++;
            Assert.Equal(expected, grid.Nearest2(k));
        }
        // The case is not vacuous: points fall within reach of rings.
        Assert.True(touched > 0);
    }
}
