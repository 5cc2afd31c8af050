using System.Buffers;

namespace TrackPipeline.Rendering;

/// <summary>
/// Leaves out the points a later point in the same quarter-pixel cell draws over. Points are drawn back to front as
/// discs at alpha 235 of 255, at least a pixel in radius; the last disc in a cell covers the ones before it but for
/// a quarter-pixel sliver of rim and an 8 % show-through, so the pixels differ by a few levels at most, and the
/// front-most charge on every pixel is the same. It pays because a panel holds far fewer cells than points: the 108
/// sample tracks splat 28.4 M discs into 1.9 M distinct quarter-pixel cells (docs/benchmarks/rendering.md, fifth round).
/// </summary>
internal static class OverdrawCulling
{
    /// <summary>Cells per pixel along each axis.</summary>
    public const int CellsPerPixel = 4;

    /// <summary>
    /// Writes into <paramref name="kept"/>, in drawing order, the points of <paramref name="order"/> that are the last
    /// drawn in their cell, dropping those whose disc (centre more than <paramref name="margin"/> px outside the clip) cannot
    /// reach the clip; returns how many. Screen position is (<paramref name="offsetX"/> + scale tx, <paramref name="offsetY"/> - scale ty), as drawn.
    /// </summary>
    public static int LastPerCell(ReadOnlySpan<int> order, float[] tx, float[] ty, float scale, float offsetX, float offsetY,
        int clipLeft, int clipTop, int clipRight, int clipBottom, int margin, Span<int> kept)
    {
        float left = clipLeft - margin, top = clipTop - margin;
        int gw = (clipRight - clipLeft + 2 * margin) * CellsPerPixel, gh = (clipBottom - clipTop + 2 * margin) * CellsPerPixel;
        if (gw <= 0 || gh <= 0) return 0;
        long cells = (long)gw * gh;
        int words = (int)((cells + 63) >> 6);
        var taken = ArrayPool<ulong>.Shared.Rent(words);
        try
        {
            Array.Clear(taken, 0, words);
            int k = 0;
            // Back from the last drawn: the first point met in a cell is the one that ends on top.
            for (int j = order.Length - 1; j >= 0; j--)
            {
                int i = order[j];
                float sx = offsetX + scale * tx[i], sy = offsetY - scale * ty[i];
                float fx = (sx - left) * CellsPerPixel, fy = (sy - top) * CellsPerPixel;
                if (!(fx >= 0 && fx < gw && fy >= 0 && fy < gh)) continue;
                long cell = (long)(int)fy * gw + (int)fx;
                ref ulong word = ref taken[cell >> 6];
                ulong bit = 1UL << (int)(cell & 63);
                if ((word & bit) != 0) continue;
                word |= bit;
                kept[k++] = i;
            }
            kept[..k].Reverse();
            return k;
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(taken);
        }
    }
}
