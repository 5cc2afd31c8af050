using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace TrackPipeline.Rendering;

// The drifted panel coloured by the charge each canvas pixel collects.
public sealed partial class TrackRenderer
{
    /// <summary>
    /// Draws the scene's points as the charge summed per canvas pixel in the panel's projection, each pixel coloured by
    /// that sum on the log scale; returns the scale for the colour bar. Why: a 20-50 MeV track drifts into ~200k clumps of
    /// 1-12 e- each, and coloured per clump the core and the diffusion halo looked alike (all yellow); summed per pixel the
    /// core collects hundreds of electrons and the halo a few, so where the charge lands shows. One pass over the points,
    /// two pooled buffers of the plot area's size, no sort: deterministic. Sparse tracks' lone pixels are widened by a
    /// max filter of the point radius so a 1 MeV track stays as visible as its discs were. Detached clusters keep
    /// <see cref="DetachedColor"/> where no main-track charge lands. Pixels low on the scale are blended into what lies
    /// under them by <paramref name="look"/> (round 9), and in frames where a pixel is much finer than <see cref="DriftedLook.CellMm"/>
    /// each pixel is coloured by the mean charge per pixel around it (a density; the colour bar says over what): in a 13 mm frame (50 um a pixel) each halo pixel holds one or two
    /// clumps of the diffusion, and drawn opaque they were a speckle as loud as the track around it.
    /// </summary>
    private ChargeScale DrawChargePerPixel(SKBitmap bitmap, SKRect clip, TrackScene scene, OrthographicCamera camera, Viewport view, float ui, DriftedLook look,
        out double densityCellMm)
    {
        densityCellMm = 0;
        int n = scene.Count;
        int w = bitmap.Width;
        int l = Math.Max(0, (int)clip.Left), t = Math.Max(0, (int)clip.Top);
        int r = Math.Min(w, (int)clip.Right), b = Math.Min(bitmap.Height, (int)clip.Bottom);
        int cw = r - l, ch = b - t;
        if (cw <= 0 || ch <= 0 || n == 0) return scene.Scale;
        int area = cw * ch;
        using var buffers = PointBuffers.Rent(n);
        var (tx, ty, order) = (buffers.X, buffers.Y, buffers.Order);
        camera.ProjectAll(scene.X, scene.Y, scene.Z, tx, ty, buffers.Key);
        for (int i = 0; i < n; i++) order[i] = i;
        int shown = InsideCube(scene, camera, order.AsSpan(0, n));
        double pxPerMm = PixelsPerMm(camera, view);
        // The disc radius the clumps were drawn with, as a square max filter's half-width: 0 for a dense track (a pixel is a
        // pixel), 1-2 px for a sparse one.
        int reach = Math.Max(0, (int)MathF.Round(PointRadius(shown, ui, pxPerMm)) - 1);

        var main = ArrayPool<float>.Shared.Rent(area);
        var other = ArrayPool<float>.Shared.Rent(area);
        try
        {
            var sum = main.AsSpan(0, area);
            var detached = other.AsSpan(0, area);
            sum.Clear();
            detached.Clear();
            var charge = scene.ChargeE;
            var roles = scene.Roles;
            foreach (int i in order.AsSpan(0, shown))
            {
                int px = (int)MathF.Floor(view.OffsetX + view.Scale * tx[i]) - l, py = (int)MathF.Floor(view.OffsetY - view.Scale * ty[i]) - t;
                if ((uint)px >= (uint)cw || (uint)py >= (uint)ch) continue;
                if (roles is not null && roles[i] != ChargeRole.Main) detached[py * cw + px] += charge[i];
                else sum[py * cw + px] += charge[i];
            }
            // In small frames each pixel holds one or two clumps and the halo is a speckle: colour by the local density.
            // The odd number of pixels nearest the cell: none under 2 (a pixel of 0.125 mm or more for a 0.25 mm cell).
            int half = (int)Math.Round((look.CellMm * pxPerMm - 1) / 2, MidpointRounding.AwayFromZero);
            if (half >= 1)
            {
                SmoothDensity(sum, cw, ch, half);
                densityCellMm = look.CellMm;
            }
            var scale = ChargeScale.FromValues(sum);
            // One value per pixel for the filter: the main charge, or minus the detached charge where there is none, so the
            // max filter prefers main-track charge and a detached pixel still shows.
            for (int p = 0; p < area; p++) if (sum[p] == 0 && detached[p] > 0) sum[p] = -detached[p];
            if (reach > 0) MaxFilter(sum, detached, cw, ch, reach);

            var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
            uint detachedRgba = (uint)(DetachedColor.Red | DetachedColor.Green << 8 | DetachedColor.Blue << 16) | 0xFF000000u;
            for (int y = 0; y < ch; y++)
            {
                var row = sum.Slice(y * cw, cw);
                var dest = pixels.Slice((t + y) * w + l, cw);
                for (int x = 0; x < cw; x++)
                {
                    float q = row[x];
                    if (q > 0)
                    {
                        float v = scale.Normalize(q);
                        uint rgba = Colormap.RgbaAt(Colormap.IndexOf(v));
                        float a = look.OpacityAt(v);
                        dest[x] = a >= 1 ? rgba : Blend(rgba, dest[x], a);
                    }
                    else if (q < 0) dest[x] = detachedRgba;
                }
            }
            return scale;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(main);
            ArrayPool<float>.Shared.Return(other);
        }
    }

    /// <summary>
    /// Each pixel gets the mean charge per pixel of the square of half-width <paramref name="half"/> around it (a box filter,
    /// separable, running sums): a density of the drifted charge instead of one or two clumps a pixel. Coloured only where
    /// main-track charge lies (a detached cluster's pixels, negative, are left as they are).
    /// </summary>
    private static void SmoothDensity(Span<float> values, int width, int height, int half)
    {
        var rows = ArrayPool<float>.Shared.Rent(values.Length);
        var col = ArrayPool<float>.Shared.Rent(height);
        try
        {
            var rowSums = rows.AsSpan(0, values.Length);
            for (int y = 0; y < height; y++)
            {
                var src = values.Slice(y * width, width);
                var dst = rowSums.Slice(y * width, width);
                double run = 0;
                for (int x = 0; x < Math.Min(half, width); x++) run += src[x];
                for (int x = 0; x < width; x++)
                {
                    if (x + half < width) run += src[x + half];
                    if (x - half - 1 >= 0) run -= src[x - half - 1];
                    dst[x] = (float)run;
                }
            }
            float cellArea = (2 * half + 1) * (2 * half + 1);
            var box = col.AsSpan(0, height);
            for (int x = 0; x < width; x++)
            {
                double run = 0;
                for (int y = 0; y < Math.Min(half, height); y++) run += rowSums[y * width + x];
                for (int y = 0; y < height; y++)
                {
                    if (y + half < height) run += rowSums[(y + half) * width + x];
                    if (y - half - 1 >= 0) run -= rowSums[(y - half - 1) * width + x];
                    box[y] = (float)run;
                }
                // Written back only where there is charge: the row sums, already taken, are not disturbed.
                for (int y = 0; y < height; y++)
                {
                    int p = y * width + x;
                    if (values[p] >= 0) values[p] = box[y] > 0 ? box[y] / cellArea : 0;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
            ArrayPool<float>.Shared.Return(col);
        }
    }

    /// <summary>Opaque RGBA <paramref name="over"/> laid over opaque <paramref name="under"/> at opacity <paramref name="a"/> (0..1).</summary>
    private static uint Blend(uint over, uint under, float a)
    {
        uint result = 0xFF000000u;
        for (int shift = 0; shift < 24; shift += 8)
        {
            float c = a * ((over >> shift) & 0xFF) + (1 - a) * ((under >> shift) & 0xFF);
            result |= (uint)(c + 0.5f) << shift;
        }
        return result;
    }

    /// <summary>Square max filter of half-width <paramref name="reach"/> in place (separable: rows, then columns), using <paramref name="scratch"/>.</summary>
    private static void MaxFilter(Span<float> values, Span<float> scratch, int width, int height, int reach)
    {
        for (int y = 0; y < height; y++)
        {
            var src = values.Slice(y * width, width);
            var dst = scratch.Slice(y * width, width);
            for (int x = 0; x < width; x++)
            {
                int k0 = Math.Max(0, x - reach), k1 = Math.Min(width - 1, x + reach);
                float m = src[k0];
                for (int k = k0 + 1; k <= k1; k++) m = Pick(m, src[k]);
                dst[x] = m;
            }
        }
        // Columns a row at a time (the same Picks in the same order for every pixel): walking down each column strode a
        // whole row per read, a cache miss each on a 400 px panel.
        for (int y = 0; y < height; y++)
        {
            int k0 = Math.Max(0, y - reach), k1 = Math.Min(height - 1, y + reach);
            var dst = values.Slice(y * width, width);
            scratch.Slice(k0 * width, width).CopyTo(dst);
            for (int k = k0 + 1; k <= k1; k++)
            {
                var src = scratch.Slice(k * width, width);
                for (int x = 0; x < width; x++) dst[x] = Pick(dst[x], src[x]);
            }
        }
    }

    /// <summary>The filter's order: any main charge (positive) beats empty (0), which beats detached charge (negative); among detached the larger charge.</summary>
    private static float Pick(float a, float b)
    {
        if (a > 0 || b > 0) return Math.Max(a, b);
        if (a == 0 || b == 0) return 0;
        return Math.Min(a, b);
    }
}
