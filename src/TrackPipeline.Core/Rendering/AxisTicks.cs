using System.Globalization;

namespace TrackPipeline.Rendering;

/// <summary>"Nice" tick values (1, 2, 2.5 or 5 times a power of ten) covering a range, and their labels.</summary>
public static class AxisTicks
{
    private static readonly double[] Mantissas = [1, 2, 2.5, 5, 10];

    /// <summary>The nice step that gives about <paramref name="target"/> intervals over <paramref name="range"/>.</summary>
    public static double Step(double range, int target = 5)
    {
        if (!(range > 0) || !double.IsFinite(range)) return 1;
        double raw = range / Math.Max(1, target);
        double pow = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in Mantissas)
            if (m * pow >= raw * 0.999) return m * pow;
        return 10 * pow;
    }

    /// <summary>The multiples of a nice step inside [lo, hi].</summary>
    public static double[] Ticks(double lo, double hi, int target = 5)
    {
        if (!(hi > lo)) return [lo];
        double step = Step(hi - lo, target);
        long first = (long)Math.Ceiling(lo / step - 1e-9), last = (long)Math.Floor(hi / step + 1e-9);
        var ticks = new double[Math.Max(0, last - first + 1)];
        for (int i = 0; i < ticks.Length; i++)
        {
            double v = (first + i) * step;
            ticks[i] = Math.Abs(v) < step * 1e-9 ? 0 : v;
        }
        return ticks;
    }

    /// <summary>Ticks at nice values of a display unit (<paramref name="perMm"/> units per mm), returned in mm.</summary>
    public static double[] TicksIn(double loMm, double hiMm, int target, double perMm)
    {
        var t = Ticks(loMm * perMm, hiMm * perMm, target);
        for (int i = 0; i < t.Length; i++) t[i] /= perMm;
        return t;
    }

    /// <summary>A tick label with as many decimals as the step needs (invariant culture: "12.5", "-40", "0").</summary>
    public static string Format(double value, double step)
    {
        int decimals = step >= 1 || step <= 0 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - 1e-9);
        if (decimals > 0 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6) decimals++;
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
