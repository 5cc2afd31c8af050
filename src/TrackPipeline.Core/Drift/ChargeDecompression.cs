using System.Runtime.CompilerServices;

namespace TrackPipeline.Drift;

/// <summary>
/// Splits a clump of electrons into sub-clumps of at most <c>maxElectrons</c> each at the same point, so that
/// diffusion later spreads them (the reference's <c>decompress_track</c>): a clump of n becomes
/// k = ceil(n / max) sub-clumps of floor(n / k) electrons, the first n mod k of them with one more.
/// </summary>
public static class ChargeDecompression
{
    /// <summary>Number of sub-clumps for a clump of <paramref name="electrons"/> (0 for an empty clump).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SubClumpCount(int electrons, double maxElectrons)
    {
        if (electrons <= 0) return 0;
        double k = Math.Ceiling(electrons / maxElectrons);
        return k >= int.MaxValue ? int.MaxValue : (int)k;
    }

    /// <summary>Electrons in sub-clump <paramref name="index"/> of <paramref name="count"/> from a clump of <paramref name="electrons"/>.</summary>
    public static int SubClumpSize(int electrons, int count, int index) =>
        electrons / count + (index < electrons % count ? 1 : 0);

    /// <summary>Total sub-clumps for a whole set of clumps.</summary>
    public static long TotalSubClumps(ReadOnlySpan<int> electrons, double maxElectrons)
    {
        long total = 0;
        foreach (var n in electrons) total += SubClumpCount(n, maxElectrons);
        return total;
    }
}
