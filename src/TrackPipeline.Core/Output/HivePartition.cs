using System.Globalization;
using System.Text;

namespace TrackPipeline.Output;

/// <summary>
/// Hive partition folder names <c>key=value</c>, with the value escaped as Hive and Spark write it
/// (<c>FileUtils.escapePathName</c>): control characters and <c>"#%'*/:=?\{[]^</c> and DEL become <c>%XX</c>
/// (upper-case hex). So a particle folder named <c>el=ec</c> becomes <c>particle=el%3Dec</c>, which DuckDB,
/// Spark and pyarrow read back as <c>el=ec</c>, instead of a second <c>=</c> that breaks the dataset.
/// </summary>
public static class HivePartition
{
    public static string Folder(string key, string value) => $"{key}={Escape(value)}";

    /// <summary>The partition of a track's rows: <c>particle=&lt;p&gt;/energy_kev=&lt;e&gt;</c> (values escaped as Hive does).</summary>
    public static string Of(Tracks.TrackSource source) =>
        $"{Folder(TrackColumns.Particle, source.Particle)}/{Folder(TrackColumns.EnergyKev, source.EnergyKev.ToString(CultureInfo.InvariantCulture))}";

    public static string Escape(string value)
    {
        StringBuilder? escaped = null;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (NeedsEscape(c))
            {
                escaped ??= new StringBuilder(value, 0, i, value.Length + 8);
                escaped.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else escaped?.Append(c);
        }
        return escaped?.ToString() ?? value;
    }

    /// <summary>Undoes <see cref="Escape"/>: every <c>%XX</c> of two hex digits becomes its character.</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal)) return value;
        var sb = new StringBuilder(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && int.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 2;
            }
            else sb.Append(value[i]);
        }
        return sb.ToString();
    }

    private static bool NeedsEscape(char c) =>
        c < ' ' || c == '\u007F' || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';
}
