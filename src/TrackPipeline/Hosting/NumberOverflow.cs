using System.Globalization;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// A number the user typed beyond the range of its type (<c>1e400</c> for a double): .NET reads it as infinity without
/// complaint, and the section's own check then quoted the infinity ("not Infinity"), not what was typed (breaker 10 F5,
/// mend 11). Found at conversion, where the typed text is still at hand. Infinity or NaN spelled out stays a value the
/// section's checks judge, as before.
/// </summary>
public static class NumberOverflow
{
    /// <summary>The problem with <paramref name="text"/> as a <paramref name="target"/>, or null when it is in range (or not a number at all).</summary>
    public static string? Problem(Type target, string text)
    {
        if (target == typeof(double))
            return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var d) && double.IsInfinity(d) && !SpelledOut(text)
                ? $"'{text}' is beyond the range of a number (magnitude at most {double.MaxValue.ToString("G3", CultureInfo.InvariantCulture)})" : null;
        if (target == typeof(float))
            return float.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var f) && float.IsInfinity(f) && !SpelledOut(text)
                ? $"'{text}' is beyond the range of a number (magnitude at most {float.MaxValue.ToString("G3", CultureInfo.InvariantCulture)})" : null;
        // A whole number beyond its integer type was refused as "is not an integer" (breaker 17: Run:MemoryBudgetMb 99999999999).
        if (target == typeof(int) || target == typeof(long))
        {
            System.Numerics.BigInteger max = target == typeof(int) ? int.MaxValue : long.MaxValue, min = target == typeof(int) ? int.MinValue : long.MinValue;
            if (!System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return null;
            if (n > max) return $"'{text}' is too large (at most {max.ToString(CultureInfo.InvariantCulture)})";
            if (n < min) return $"'{text}' is too small (at least {min.ToString(CultureInfo.InvariantCulture)})";
        }
        return null;
    }

    /// <summary>Infinity written as such ("Infinity", "-infinity", "∞"), not a finite number too large to hold.</summary>
    private static bool SpelledOut(string text) =>
        text.Contains("inf", StringComparison.OrdinalIgnoreCase) || text.Contains('∞', StringComparison.Ordinal);
}
