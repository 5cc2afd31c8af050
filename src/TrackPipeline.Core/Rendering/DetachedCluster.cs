using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// A significant detached cluster of the raw charge (a brem photon's conversion or Compton electron, a Compton photon's
/// next site), as the topology stage's clustering found it: its bounding box (mm) and its charge (e-). The pictures
/// draw it at least as a ring of a few pixels in the detached colour with its charge beside it, so a 3 mm sub-track in a
/// 300 mm frame is not a 1-2 px dot.
/// </summary>
public readonly record struct DetachedCluster(Vec3 MinMm, Vec3 MaxMm, double ChargeE)
{
    public Vec3 CentreMm => 0.5 * (MinMm + MaxMm);

    /// <summary>Largest side of its box, mm.</summary>
    public double SizeMm => Math.Max(Math.Max(MaxMm.X - MinMm.X, MaxMm.Y - MinMm.Y), MaxMm.Z - MinMm.Z);

    /// <summary>"830 e-", "38k e-", "1.2M e-": the charge, short enough to sit beside its ring.</summary>
    public string ChargeLabel()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        double q = ChargeE;
        return q >= 1e6 ? (q / 1e6).ToString(q >= 1e7 ? "0" : "0.#", c) + "M e-"
            : q >= 1e3 ? (q / 1e3).ToString(q >= 1e4 ? "0" : "0.#", c) + "k e-"
            : q.ToString("0", c) + " e-";
    }
}

/// <summary>
/// How much larger a detached cluster's ring is for its charge: 1 at <paramref name="ChargeRefE"/> or less, then
/// <paramref name="GrowthPerDecade"/> more per decade of charge above it, at most three decades (a 13 MeV brem conversion's
/// 556k e- against a 100 keV Compton electron's 4k e-: its ring 1.7x as large). The default (zero
/// growth) draws every ring alike.
/// </summary>
public readonly record struct DetachedRingSize(double ChargeRefE, double GrowthPerDecade)
{
    /// <summary>The ring's radius relative to the smallest ring (the stroke stays: bolder rings crowded a 600 px thumbnail).</summary>
    public float ScaleFor(double chargeE)
    {
        if (GrowthPerDecade <= 0 || ChargeRefE <= 0 || chargeE <= ChargeRefE) return 1;
        return (float)(1 + GrowthPerDecade * Math.Min(3, Math.Log10(chargeE / ChargeRefE)));
    }
}
