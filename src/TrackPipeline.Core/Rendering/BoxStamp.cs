using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// The 3D box (panes, edges, grid, ticks and their labels) as one panel of a sheet drew it, stamped onto a later panel that
/// draws the same box (same cube, view, unit, size and scale) a whole number of pixels to the right: the sheet's drifted
/// and readout panels, 400 px apart. Drawing the box once instead of twice saves one of its four Skia draws a track
/// (docs/benchmarks/rendering.md, round 18a).
/// <para>
/// Exact by construction, not by assumption: the panel that draws the box keeps the pixels of its column before and after
/// (<see cref="BeforeBox"/>, <see cref="AfterBox"/>); the box changed the pixels inside a rectangle, and the stamp is put on
/// the later panel only where that rectangle (2 px wider each way: a fringe of anti-aliasing that rounded to no change)
/// held the very pixels the first panel had there before its box (the captions differ; they lie above the box). Then the
/// later panel gets what drawing the box over those pixels gave, pixel for pixel. When the box reached the edge of the kept
/// column, or the later panel's pixels differ under it, the later panel draws its own box. What remains assumed is that
/// Skia draws the same box the same way a whole number of pixels over (its coordinates differ by float rounding at another
/// magnitude); checked on every sheet of the sample (round 18a).
/// </para>
/// </summary>
internal sealed class BoxStamp : IDisposable
{
    /// <summary>Columns kept on each side of the panel: tick labels and axis titles may reach a little past it.</summary>
    private const int Margin = 24;
    /// <summary>Pixels around the changed rectangle that must match too (anti-aliasing that happened to round to no change).</summary>
    private const int Fringe = 2;

    private readonly int _offset, _x0, _y0, _width, _height;
    private uint[]? _before, _after;
    private SKRectI _changed;   // in the kept column's own coordinates; empty: nothing to stamp
    private List<SKRect>? _labels;

    /// <param name="panel">The first panel's rectangle.</param>
    /// <param name="offset">How far right (whole pixels) the later panel stands.</param>
    public BoxStamp(SKBitmap bitmap, SKRect panel, int offset)
    {
        _offset = offset;
        _x0 = Math.Max(0, (int)MathF.Floor(panel.Left) - Margin);
        int x1 = Math.Min(bitmap.Width - offset, (int)MathF.Ceiling(panel.Right) + Margin);
        _y0 = Math.Max(0, (int)MathF.Floor(panel.Top));
        int y1 = Math.Min(bitmap.Height, (int)MathF.Ceiling(panel.Bottom));
        _width = Math.Max(0, x1 - _x0);
        _height = Math.Max(0, y1 - _y0);
    }

    /// <summary>Whether the first panel has kept its box (later panels stamp it).</summary>
    public bool Kept { get; private set; }

    /// <summary>Whether a later panel took the box.</summary>
    public bool Stamped { get; private set; }

    /// <summary>Keeps the first panel's column as it is before its box is drawn.</summary>
    public void BeforeBox(SKBitmap bitmap)
    {
        Kept = true;
        if (_width == 0 || _height == 0) return;
        _before = ArrayPool<uint>.Shared.Rent(_width * _height);
        Copy(Pixels(bitmap), bitmap.RowBytes / 4, _x0, _y0, _before);
    }

    /// <summary>Keeps the column after the box, the rectangle the box changed and the label boxes it placed.</summary>
    public void AfterBox(SKBitmap bitmap, List<SKRect> labels)
    {
        if (_before is null) return;
        _after = ArrayPool<uint>.Shared.Rent(_width * _height);
        Copy(Pixels(bitmap), bitmap.RowBytes / 4, _x0, _y0, _after);
        int left = _width, right = -1, top = _height, bottom = -1;
        for (int row = 0; row < _height; row++)
        {
            var b = _before.AsSpan(row * _width, _width);
            var a = _after.AsSpan(row * _width, _width);
            int first = b.CommonPrefixLength(a);
            if (first == _width) continue;
            int last = _width - 1;
            while (b[last] == a[last]) last--;
            left = Math.Min(left, first); right = Math.Max(right, last);
            top = Math.Min(top, row); bottom = row;
        }
        if (right < 0) return;
        // Room for the fringe inside the kept column, or the box may have drawn past it: then no stamp.
        if (left < Fringe || top < Fringe || right >= _width - Fringe || bottom >= _height - Fringe) return;
        _changed = new SKRectI(left - Fringe, top - Fringe, right + 1 + Fringe, bottom + 1 + Fringe);
        _labels = labels;
    }

    /// <summary>
    /// Puts the box on the later panel if the pixels under it are the ones the first panel had there (see the class); then
    /// returns the label boxes, moved over. Null: the later panel draws its own box.
    /// </summary>
    public List<SKRect>? TryStamp(SKBitmap bitmap)
    {
        if (_labels is null || _before is null || _after is null) return null;
        var pixels = Pixels(bitmap);
        int stride = bitmap.RowBytes / 4, w = _changed.Width;
        for (int row = _changed.Top; row < _changed.Bottom; row++)
        {
            var target = pixels.Slice((_y0 + row) * stride + _x0 + _offset + _changed.Left, w);
            if (!target.SequenceEqual(_before.AsSpan(row * _width + _changed.Left, w))) return null;
        }
        for (int row = _changed.Top; row < _changed.Bottom; row++)
            _after.AsSpan(row * _width + _changed.Left, w).CopyTo(pixels.Slice((_y0 + row) * stride + _x0 + _offset + _changed.Left, w));
        Stamped = true;
        var moved = new List<SKRect>(_labels.Count);
        foreach (var r in _labels) moved.Add(new SKRect(r.Left + _offset, r.Top, r.Right + _offset, r.Bottom));
        return moved;
    }

    private static Span<uint> Pixels(SKBitmap bitmap) => MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());

    private void Copy(Span<uint> pixels, int stride, int x0, int y0, uint[] to)
    {
        for (int row = 0; row < _height; row++)
            pixels.Slice((y0 + row) * stride + x0, _width).CopyTo(to.AsSpan(row * _width, _width));
    }

    public void Dispose()
    {
        if (_before is not null) ArrayPool<uint>.Shared.Return(_before);
        if (_after is not null) ArrayPool<uint>.Shared.Return(_after);
        _before = _after = null;
    }
}
