using System.Security.Cryptography;
using System.Text;

namespace TrackPipeline.Tracks;

/// <summary>
/// A track's id in every table (tracks, pixels, errors, quest) and the name its pictures go by: unique within one
/// <c>&lt;particle&gt;/E&lt;energy&gt;</c> partition (known issues R2, breaker19 F2).
/// <para>
/// The partitions already say the particle and the energy, and a run reads one material, so a track stored at the usual
/// place below the input root (<c>&lt;material&gt;/&lt;particle&gt;/E&lt;energy&gt;/TrackE....npz</c>) keeps its file stem
/// as id: single-tree outputs are unchanged. A track stored deeper (<c>c2/LAr/photons/E0020000/TrackE....npz</c>, one of
/// several copies or campaigns below one root) gets the folders above its material in front: <c>c2~TrackE...</c>; without
/// them, same-named tracks of two sub-trees overwrote each other's pictures and shared one track_id, so that their pixels
/// could not be told apart. Characters a file name or a link should not carry become '_', and when that loses anything
/// (or a folder holds the separator) 8 hex digits of the SHA-256 of those folders follow, so two sub-trees never share an id.
/// </para>
/// <para>
/// The file stem (<see cref="TrackSource.Name"/>) stays what the shards and the random streams are keyed on; only the
/// path below the input root is used, never the file name's content (the truth it carries decides nothing here).
/// </para>
/// </summary>
public static partial class TrackIdentity
{
    /// <summary>Between the sub-tree folders and the file stem.</summary>
    public const char Separator = '~';

    /// <summary>Longest sub-tree prefix kept as it is: with the digest, the stem and the output's temporary suffix a
    /// picture's file name stays well under the 255 bytes a Linux file name may have.</summary>
    private const int MaxPrefixChars = 96;

    [System.Text.RegularExpressions.GeneratedRegex("-[0-9a-f]{8}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex DigestLike();

    /// <summary>material / particle / E&lt;energy&gt; / file: the part of the path the partitions already hold.</summary>
    private const int LayoutDepth = 4;

    /// <summary>
    /// The id of the track named <paramref name="name"/> (its file stem; <c>.c</c> for a compressed twin) at
    /// <paramref name="relativePath"/> (below the input root, '/' between folders: the tracks table's <c>source_path</c>).
    /// An id already carrying its sub-tree prefix is returned as it is, so that a table's <c>track_id</c> gives itself.
    /// </summary>
    public static string Of(string name, string? relativePath)
    {
        if (Prefix(relativePath) is not { } prefix) return name;
        return name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && name[prefix.Length] == Separator
            ? name : string.Concat(prefix, Separator.ToString(), name);
    }

    /// <summary>The file stem of <paramref name="trackId"/>, the id of a track at <paramref name="relativePath"/>: what shards are keyed on.</summary>
    public static string NameOf(string trackId, string? relativePath) =>
        Prefix(relativePath) is { } prefix && trackId.Length > prefix.Length && trackId.StartsWith(prefix, StringComparison.Ordinal) && trackId[prefix.Length] == Separator
            ? trackId[(prefix.Length + 1)..] : trackId;

    /// <summary>The sub-tree folders above the material, made safe; null for a track at the usual place.</summary>
    private static string? Prefix(string? relativePath)
    {
        if (string.IsNullOrEmpty(relativePath)) return null;
        int slashes = relativePath.AsSpan().Count('/');
        if (slashes < LayoutDepth) return null;
        var above = relativePath.Split('/').AsSpan(0, slashes + 1 - LayoutDepth);
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
        return name.ToString();
    }
}
