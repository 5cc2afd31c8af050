using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

public sealed class OverdrawCullingTests
{
    [Fact]
    public void Keeps_the_last_drawn_point_of_each_quarter_pixel_in_drawing_order()
    {
        // Screen x = 10 + 2 tx, y = 50 - 2 ty. Points 0 and 2 share the cell of pixel (20.1, 30.1); 1 and 3 are elsewhere;
        // 4 lies far outside the 100 x 100 clip and its disc cannot reach it.
        float[] tx = [5.05f, 20f, 5.06f, 30f, 500f];
        float[] ty = [9.95f, 10f, 9.94f, 10f, 0f];
        int[] order = [0, 1, 2, 3, 4];
        var kept = new int[order.Length];
        int n = OverdrawCulling.LastPerCell(order, tx, ty, 2, 10, 50, 0, 0, 100, 100, 3, kept);
        Assert.Equal([1, 2, 3], kept[..n]);
        // Drawn in the other order, the other point of the shared cell is the one on top.
        n = OverdrawCulling.LastPerCell([2, 1, 0, 3], tx, ty, 2, 10, 50, 0, 0, 100, 100, 3, kept);
        Assert.Equal([1, 0, 3], kept[..n]);
    }

    [Fact]
    public void Points_a_quarter_pixel_apart_are_both_drawn()
    {
        float[] tx = [10.0f, 10.3f, 10.6f];
        float[] ty = [10.0f, 10.0f, 10.0f];
        var kept = new int[3];
        int n = OverdrawCulling.LastPerCell([0, 1, 2], tx, ty, 1, 0, 20, 0, 0, 40, 40, 2, kept);
        Assert.Equal(3, n);
    }
}
