using System.Globalization;

namespace TrackPipeline.Numerics;

/// <summary>
/// A tabulated positive function y(E) interpolated linearly in (ln E, ln y), the way XCOM and ESTAR tables are
/// meant to be read. Below the first point it extrapolates the first segment's power law; above the last, the last one.
/// Points where y is 0 are interpolated linearly (a threshold such as pair production's).
/// </summary>
public sealed class LogLogTable
{
    private readonly double[] _lnE;
    private readonly double[] _lnY;
    private readonly double[] _e;
    private readonly double[] _y;

    public LogLogTable(IReadOnlyList<double> energies, IReadOnlyList<double> values)
    {
        if (energies.Count != values.Count || energies.Count < 2) throw new ArgumentException("a table needs at least two (E, y) pairs");
        _e = energies.ToArray();
        _y = values.ToArray();
        for (int i = 1; i < _e.Length; i++)
            if (!(_e[i] >= _e[i - 1])) throw new ArgumentException($"energies must increase (row {i})");
        _lnE = _e.Select(v => Math.Log(v)).ToArray();
        _lnY = _y.Select(v => v > 0 ? Math.Log(v) : double.NegativeInfinity).ToArray();
    }

    public double MinEnergy => _e[0];
    public double MaxEnergy => _e[^1];

    public double this[double energy] => At(energy);

    public double At(double energy)
    {
        int i = Segment(energy);
        double e0 = _e[i], e1 = _e[i + 1];
        if (e1 == e0) return _y[i + 1]; // an absorption edge: the value above it
        if (_y[i] <= 0 || _y[i + 1] <= 0)
        {
            double t = (energy - e0) / (e1 - e0);
            return Math.Max(0.0, _y[i] + t * (_y[i + 1] - _y[i]));
        }
        double f = (Math.Log(energy) - _lnE[i]) / (_lnE[i + 1] - _lnE[i]);
        return Math.Exp(_lnY[i] + f * (_lnY[i + 1] - _lnY[i]));
    }

    private int Segment(double energy)
    {
        if (energy <= _e[0]) return 0;
        if (energy >= _e[^1]) return _e.Length - 2;
        int lo = 0, hi = _e.Length - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) >> 1;
            if (_e[mid] <= energy) lo = mid; else hi = mid;
        }
        // Between the two rows of an edge, take the row above.
        return lo;
    }

    /// <summary>Reads a CSV with <c>#</c> comment lines and one header row; returns the named columns.</summary>
    public static Dictionary<string, double[]> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count < 3) throw new InvalidDataException($"{path}: expected a header and at least two rows");
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var columns = header.Select(_ => new List<double>()).ToArray();
        for (int r = 1; r < lines.Count; r++)
        {
            var cells = lines[r].Split(',');
            if (cells.Length != header.Length) throw new InvalidDataException($"{path}: row {r} has {cells.Length} cells, the header {header.Length}");
            for (int c = 0; c < cells.Length; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new InvalidDataException($"{path}: row {r} column '{header[c]}' is '{cells[c]}', not a number");
                columns[c].Add(v);
            }
        }
        var result = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int c = 0; c < header.Length; c++) result[header[c]] = columns[c].ToArray();
        return result;
    }
}
