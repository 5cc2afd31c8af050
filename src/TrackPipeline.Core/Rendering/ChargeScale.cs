using System.Globalization;

namespace TrackPipeline.Rendering;

/// <summary>
/// How charges map to [0, 1] for the colormap: always logarithmic, one convention on every panel (deposits range
/// from a few to thousands of electrons, pixels from the threshold to tens of thousands); a scale spanning less than
/// a decade is widened downwards to one decade so a uniform panel is not all one end of the colormap.
/// </summary>
public readonly record struct ChargeScale(double Min, double Max, bool Log)
{
    /// <summary>Lowest charge shown on a logarithmic scale, as a fraction of the largest.</summary>
    public const double LogFloorFraction = 1e-4;

    public static ChargeScale FromValues(ReadOnlySpan<float> charges)
    {
        double lo = double.PositiveInfinity, hi = 0;
        foreach (var q in charges)
        {
            if (q > 0 && q < lo) lo = q;
            if (q > hi) hi = q;
        }
        if (!(hi > 0)) return new ChargeScale(0.1, 1, true);
        return new ChargeScale(Math.Min(Math.Max(lo, hi * LogFloorFraction), hi / 10), hi, true);
    }

    public float Normalize(float q)
    {
        if (Log)
        {
            if (!(q > Min)) return 0;
            return (float)(Math.Log(q / Min) / Math.Log(Max / Min));
        }
        return (float)((q - Min) / (Max - Min));
    }

    /// <summary>Tick values within the scale with their labels ("300", "10k", "1.5M").</summary>
    public IEnumerable<(double Value, string Label)> Ticks()
    {
        if (Log)
        {
            int k0 = (int)Math.Ceiling(Math.Log10(Min) - 1e-9), k1 = (int)Math.Floor(Math.Log10(Max) + 1e-9);
            double[] mantissas = k1 - k0 >= 2 ? [1] : [1, 2, 5];
            for (int k = k0 - 1; k <= k1; k++)
                foreach (var m in mantissas)
                {
                    double v = m * Math.Pow(10, k);
                    if (v >= Min * 0.999 && v <= Max * 1.001) yield return (v, Compact(v));
                }
            yield break;
        }
        double step = AxisTicks.Step(Max - Min, 4);
        foreach (var v in AxisTicks.Ticks(Min, Max, 4)) yield return (v, Math.Abs(v) >= 1000 ? Compact(v) : AxisTicks.Format(v, step));
    }

    /// <summary>A short label: 950, 1k, 2.5k, 10k, 1.2M.</summary>
    public static string Compact(double v)
    {
        var c = CultureInfo.InvariantCulture;
        double a = Math.Abs(v);
        if (a >= 1e6) return (v / 1e6).ToString("0.#", c) + "M";
        if (a >= 1e3) return (v / 1e3).ToString("0.#", c) + "k";
        return v.ToString(a >= 10 ? "0" : "0.##", c);
    }
}
