using System.Runtime.Intrinsics;

namespace TrackPipeline.Rendering;

/// <summary>
/// Coordinates relative to a panel's origin, <c>(float)(v - origin)</c> with the subtraction in double as the panels have
/// always done it, eight points a step: widening a float to double, subtracting and narrowing back round exactly as the
/// scalar statement does (IEEE round to nearest), so the pixels are the same. The scalar loop ran at ~10 ns a point in
/// the projections and the whole-event inset, 4-5 passes over every deposit of a picture.
/// </summary>
internal static class ShiftedCoordinates
{
    /// <summary><paramref name="shifted"/>[i] = (float)(<paramref name="values"/>[i] - <paramref name="origin"/>).</summary>
    public static void Of(ReadOnlySpan<float> values, double origin, Span<float> shifted)
    {
        int n = values.Length, i = 0;
        if (shifted.Length < n) throw new ArgumentException("the output is shorter than the input", nameof(shifted));
        if (Vector256.IsHardwareAccelerated)
        {
            var o = Vector256.Create(origin);
            for (; i + 8 <= n; i += 8)
            {
                var (lower, upper) = Vector256.Widen(Vector256.Create(values.Slice(i, 8)));
                Vector256.Narrow(lower - o, upper - o).CopyTo(shifted.Slice(i, 8));
            }
        }
        for (; i < n; i++) shifted[i] = (float)(values[i] - origin);
    }

    /// <summary><paramref name="scaled"/>[i] = <paramref name="sign"/> x <paramref name="values"/>[i] (a depth key: far first when the sign says so).</summary>
    public static void Scaled(ReadOnlySpan<float> values, float sign, Span<float> scaled)
    {
        int n = values.Length, i = 0;
        if (scaled.Length < n) throw new ArgumentException("the output is shorter than the input", nameof(scaled));
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(sign);
            for (; i + 8 <= n; i += 8) (s * Vector256.Create(values.Slice(i, 8))).CopyTo(scaled.Slice(i, 8));
        }
        for (; i < n; i++) scaled[i] = sign * values[i];
    }
}
