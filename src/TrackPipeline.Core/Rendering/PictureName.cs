using System.Security.Cryptography;
using System.Text;

namespace TrackPipeline.Rendering;

/// <summary>
/// The name a track's pictures go by (its picture, thumbnail and event page, and every link to them), unique within
/// one <c>&lt;particle&gt;/E&lt;energy&gt;</c> folder of the output (known issue R2).
/// <para>
/// The output's picture folders already say the particle and the energy, and a run reads one material, so a track
/// stored at the usual place below the input root (<c>&lt;material&gt;/&lt;particle&gt;/E&lt;energy&gt;/TrackE....npz</c>)
/// keeps its track id as picture name: single-tree outputs are unchanged. A track stored deeper
/// (<c>c2/LAr/photons/E0020000/TrackE....npz</c>, one of several copies or campaigns below one root) gets the folders
/// above its material in front: <c>c2~TrackE...</c>; without them, same-named tracks of two sub-trees overwrote each
/// other's pictures. Characters a file name or a link should not carry become '_', and when that loses anything
/// (or a folder holds the separator) 8 hex digits of the SHA-256 of those folders follow, so two sub-trees never share a name.
/// </para>
/// <para>Only the path below the input root is used, never the file name's content (the truth it carries decides nothing here).</para>
/// </summary>
public static partial class PictureName
{
    /// <summary>Between the sub-tree folders and the track id.</summary>
    public const char Separator = '~';

    /// <summary>Longest sub-tree prefix kept as it is: with the digest, the track id and the output's temporary suffix the
    /// file name stays well under the 255 bytes a Linux file name may have.</summary>
    private const int MaxPrefixChars = 96;

    [System.Text.RegularExpressions.GeneratedRegex("-[0-9a-f]{8}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DigestLike();

    /// <summary>material / particle / E&lt;energy&gt; / file: the part of the path the picture folders already hold.</summary>
    private const int LayoutDepth = 4;

    /// <param name="trackId">The track id (file stem; <c>.c</c> for a compressed twin).</param>
    /// <param name="sourcePath">The path below the input root, '/' between folders (the tracks table's <c>source_path</c>).</param>
    public static string Of(string trackId, string? sourcePath)
    {
        if (string.IsNullOrEmpty(sourcePath)) return trackId;
        var folders = sourcePath.Split('/');
        if (folders.Length <= LayoutDepth) return trackId;
        var above = folders.AsSpan(0, folders.Length - LayoutDepth);
        var name = new StringBuilder();
        bool lossy = false;
        foreach (var folder in above)
        {
            if (name.Length > 0) name.Append(Separator);
            for (int i = 0; i < folder.Length; i++)
            {
                char c = folder[i];
                // A leading dot would make a hidden file (the output's temporary files are hidden).
                bool safe = char.IsAsciiLetterOrDigit(c) || c == '_' || c == '-' || (c == '.' && i > 0);
                name.Append(safe ? c : '_');
                lossy |= !safe;
            }
            lossy |= folder.Length == 0;
        }
        // A prefix that itself ends like a digest ("c_1-242cb3fe", a folder so named) could meet the digested name of
        // another sub-tree ("c 1"): it gets its own digest (breaker B4).
        lossy |= DigestLike().IsMatch(name.ToString());
        // A file name holds at most 255 bytes, and the temporary name adds ~48: long prefixes are cut and digested (B3).
        if (name.Length > MaxPrefixChars)
        {
            name.Length = MaxPrefixChars;
            lossy = true;
        }
        if (lossy)
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('/', above.ToArray())));
            name.Append('-').Append(Convert.ToHexStringLower(digest.AsSpan(0, 4)));
        }
        return name.Append(Separator).Append(trackId).ToString();
    }

    /// <summary>The picture name of a row of the tracks table (or of the quest's candidates).</summary>
    public static string Of(IReadOnlyDictionary<string, object?> row) =>
        Of((string)row[Output.TrackColumns.TrackId]!, row.GetValueOrDefault(Output.TrackColumns.SourcePath) as string);
}
