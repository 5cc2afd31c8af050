using System.Buffers;

namespace TrackPipeline.Rendering;

/// <summary>
/// The drawn rings of one panel as a screen-space grid of cells at least one reach (ring radius + clearance) wide, so a
/// projected main-charge point is compared only with the rings of its own and the eight neighbouring cells: a ring two
/// cells away is farther than its reach and could never be the nearest within it. Each ring keeps the squared distance
/// to the nearest point offered within its reach (its reach squared until one comes), exactly as comparing every point
/// with every ring would; one pass over the main charge then costs its projection, not points x rings.
/// </summary>
internal sealed class RingNeighbourhood : IDisposable
{
    /// <summary>Cells at most: a panel's rings never need more; a larger spread widens the cells instead.</summary>
    private const int MaxCells = 1 << 16;

    private readonly float[] _x, _y, _nearest2;
    private readonly int[] _cellStart, _ringsByCell;
    private readonly int _count, _nx, _ny;
    private readonly float _x0, _y0, _cell;

    /// <param name="centresX">Ring centres, px.</param>
    /// <param name="centresY">Ring centres, px.</param>
    /// <param name="reach">Each ring's reach, px (&gt; 0): only points nearer than this count.</param>
    public RingNeighbourhood(ReadOnlySpan<float> centresX, ReadOnlySpan<float> centresY, ReadOnlySpan<float> reach)
    {
        _count = reach.Length;
        _x = ArrayPool<float>.Shared.Rent(_count);
        _y = ArrayPool<float>.Shared.Rent(_count);
        _nearest2 = ArrayPool<float>.Shared.Rent(_count);
        float maxReach = 0, xMin = float.MaxValue, xMax = float.MinValue, yMin = float.MaxValue, yMax = float.MinValue;
        for (int k = 0; k < _count; k++)
        {
            _x[k] = centresX[k]; _y[k] = centresY[k]; _nearest2[k] = reach[k] * reach[k];
            maxReach = Math.Max(maxReach, reach[k]);
            xMin = Math.Min(xMin, _x[k]); xMax = Math.Max(xMax, _x[k]); yMin = Math.Min(yMin, _y[k]); yMax = Math.Max(yMax, _y[k]);
        }
        // A hair wider than the largest reach, so float rounding at a cell edge can never hide a ring within reach.
        _cell = Math.Max(maxReach * 1.001f, 1f);
        // One cell of margin on every side: a point within reach of a ring lies inside the grid.
        while ((long)((int)((xMax - xMin) / _cell) + 3) * ((int)((yMax - yMin) / _cell) + 3) > MaxCells) _cell *= 2;
        _nx = (int)((xMax - xMin) / _cell) + 3;
        _ny = (int)((yMax - yMin) / _cell) + 3;
        _x0 = xMin - _cell;
        _y0 = yMin - _cell;
        // Counting sort of the rings by cell (CSR: the rings of cell c are _ringsByCell[_cellStart[c] .. _cellStart[c + 1])).
        _cellStart = ArrayPool<int>.Shared.Rent(_nx * _ny + 1);
        Array.Clear(_cellStart, 0, _nx * _ny + 1);
        _ringsByCell = ArrayPool<int>.Shared.Rent(_count);
        for (int k = 0; k < _count; k++) _cellStart[CellOf(_x[k], _y[k]) + 1]++;
        for (int c = 0; c < _nx * _ny; c++) _cellStart[c + 1] += _cellStart[c];
        var fill = ArrayPool<int>.Shared.Rent(_nx * _ny);
        try
        {
            Array.Copy(_cellStart, fill, _nx * _ny);
            for (int k = 0; k < _count; k++) _ringsByCell[fill[CellOf(_x[k], _y[k])]++] = k;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(fill);
        }
    }

    private int CellOf(float x, float y) => (int)((y - _y0) / _cell) * _nx + (int)((x - _x0) / _cell);

    /// <summary>A main-charge point drawn at (<paramref name="px"/>, <paramref name="py"/>): the rings within reach keep it if nearer.</summary>
    public void Offer(float px, float py)
    {
        float fx = (px - _x0) / _cell, fy = (py - _y0) / _cell;
        // Outside the grid (or not a number): farther than any ring's reach.
        if (!(fx >= 0 && fx < _nx && fy >= 0 && fy < _ny)) return;
        int cx = (int)fx, cy = (int)fy;
        for (int gy = Math.Max(cy - 1, 0); gy <= Math.Min(cy + 1, _ny - 1); gy++)
        {
            int row = gy * _nx;
            int c0 = row + Math.Max(cx - 1, 0), c1 = row + Math.Min(cx + 1, _nx - 1);
            for (int i = _cellStart[c0]; i < _cellStart[c1 + 1]; i++)
            {
                int k = _ringsByCell[i];
                float dx = px - _x[k], dy = py - _y[k], d2 = dx * dx + dy * dy;
                if (d2 < _nearest2[k]) _nearest2[k] = d2;
            }
        }
    }

    /// <summary>Squared distance from ring <paramref name="k"/>'s centre to the nearest point offered within its reach, else its reach squared.</summary>
    public float Nearest2(int k) => _nearest2[k];

    public void Dispose()
    {
        ArrayPool<float>.Shared.Return(_x);
        ArrayPool<float>.Shared.Return(_y);
        ArrayPool<float>.Shared.Return(_nearest2);
        ArrayPool<int>.Shared.Return(_cellStart);
        ArrayPool<int>.Shared.Return(_ringsByCell);
    }
}
