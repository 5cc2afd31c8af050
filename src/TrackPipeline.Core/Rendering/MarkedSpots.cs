using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// The interaction markers drawn so far, binned in square cells of the largest spacing: whether one lies within a spacing
/// (along x and along y) of a new marker is a look at the 3 x 3 cells around it, not at every marker drawn (the test
/// was quadratic in markers: ~100 on a 50 MeV electron, thousands on a long run of showers). Same markers as that test.
/// </summary>
internal sealed class MarkedSpots(float cellPx)
{
    private readonly Dictionary<(int, int), int> _last = [];   // cell -> index of its last point
    private readonly List<SKPoint> _points = [];
    private readonly List<int> _previous = [];   // index of the cell's point before this one, -1 at the first

    private (int, int) Cell(SKPoint p) => ((int)MathF.Floor(p.X / cellPx), (int)MathF.Floor(p.Y / cellPx));

    public void Add(SKPoint p)
    {
        var cell = Cell(p);
        _previous.Add(_last.TryGetValue(cell, out int before) ? before : -1);
        _last[cell] = _points.Count;
        _points.Add(p);
    }

    /// <summary>Whether a marked spot lies less than <paramref name="apart"/> (at most the cell size) from <paramref name="p"/> along x and along y.</summary>
    public bool AnyWithin(SKPoint p, float apart)
    {
        var (cx, cy) = Cell(p);
        for (int gx = cx - 1; gx <= cx + 1; gx++)
            for (int gy = cy - 1; gy <= cy + 1; gy++)
            {
                if (!_last.TryGetValue((gx, gy), out int i)) continue;
                for (; i >= 0; i = _previous[i])
                {
                    var q = _points[i];
                    if (MathF.Abs(p.X - q.X) < apart && MathF.Abs(p.Y - q.Y) < apart) return true;
                }
            }
        return false;
    }
}
