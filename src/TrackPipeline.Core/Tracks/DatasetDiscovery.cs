using System.Text.RegularExpressions;

namespace TrackPipeline.Tracks;

/// <summary>What to do when a track exists both raw (<c>.npz</c>) and compressed (<c>.c.npz</c>).</summary>
public enum CompressedTrackPolicy
{
    /// <summary>Read the compressed file only when the raw one is absent (default: no track counted twice).</summary>
    IfNoRaw,
    /// <summary>Read both; the compressed one gets the track id <c>&lt;name&gt;.c</c>.</summary>
    Both,
    /// <summary>Ignore compressed files.</summary>
    Never,
}

/// <summary>
/// Finds every <c>&lt;material&gt;/&lt;particle&gt;/E&lt;7 digits&gt;/TrackE*.npz</c> at any depth below a root.
/// The walk is streamed and sorted directory by directory (ordinal), so the order is deterministic and
/// memory stays bounded by the largest folder, not by the dataset. Linked folders are followed; a link to a folder
/// above it is an error row, not an endless walk.
/// </summary>
public static partial class DatasetDiscovery
{
    private const string CompressedSuffix = ".c.npz";
    private const string RawSuffix = ".npz";

    [GeneratedRegex(@"^E\d{7}$", RegexOptions.CultureInvariant)]
    private static partial Regex EnergyFolder();

    public static IEnumerable<TrackSource> Discover(string root, CompressedTrackPolicy compressed = CompressedTrackPolicy.IfNoRaw)
    {
        var rootFull = Path.GetFullPath(root);
        if (File.Exists(rootFull))
            throw new DirectoryNotFoundException($"input {rootFull} is a file, not a folder: give the folder that holds <material>/<particle>/E<7 digits>/TrackE*.npz (to look at one track: trackpipeline inspect FILE)");
        if (!Directory.Exists(rootFull))
            throw new DirectoryNotFoundException($"input folder {rootFull} does not exist");
        return Walk(rootFull, rootFull, RealPath(rootFull), [], compressed);
    }

    /// <param name="real">The folder's path with symbolic links resolved (what a cycle is recognised by).</param>
    /// <param name="ancestors">The real paths of the folders above it on this branch of the walk.</param>
    private static IEnumerable<TrackSource> Walk(string root, string dir, string real, HashSet<string> ancestors, CompressedTrackPolicy compressed)
    {
        string[]? subdirs = null;
        string? problem = null;
        try { subdirs = Directory.GetDirectories(dir); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { problem = e.Message; }
        if (subdirs is null)
        {
            // Skipping it silently would lose its tracks without a trace: it becomes an error row.
            yield return TrackSource.Unreadable(root, dir, problem!);
            yield break;
        }

        if (EnergyFolder().IsMatch(Path.GetFileName(dir)))
        {
            foreach (var source in TracksInEnergyFolder(root, dir, compressed))
                yield return source;
        }

        Array.Sort(subdirs, StringComparer.Ordinal);
        ancestors.Add(real);
        foreach (var sub in subdirs)
        {
            // Datasets are often assembled from linked energy or particle folders: a link is followed like a folder,
            // except one back to a folder above it (a cycle), which becomes an error row instead of an endless walk.
            string subReal = new DirectoryInfo(sub).LinkTarget is null ? Path.Combine(real, Path.GetFileName(sub)) : RealPath(sub);
            if (ancestors.Contains(subReal))
            {
                yield return TrackSource.Unreadable(root, sub, $"symbolic link to {subReal}, a folder that contains it: not followed (a cycle)");
                continue;
            }
            foreach (var source in Walk(root, sub, subReal, ancestors, compressed))
                yield return source;
        }
        ancestors.Remove(real);
    }

    /// <summary>The folder's path with every symbolic link on it resolved, in every component (like realpath(3)).</summary>
    private static string RealPath(string dir, int hops = 0)
    {
        var parent = Path.GetDirectoryName(dir);
        var here = parent is null ? dir : Path.Combine(RealPath(parent, hops), Path.GetFileName(dir));
        // 40 links on one path: the kernel's own limit (ELOOP); beyond it the folder cannot be opened anyway.
        if (hops < 40 && new DirectoryInfo(here).LinkTarget is { } target)
            return RealPath(Path.GetFullPath(target, Path.GetDirectoryName(here) ?? here), hops + 1);
        return Path.TrimEndingDirectorySeparator(here);
    }

    /// <summary>
    /// The track stored at <paramref name="relativePath"/> below <paramref name="root"/> (a tracks table's
    /// <c>source_path</c>), found as discovery finds it (same name, particle, energy, pickle), or null when it is not
    /// there any more: how a later run re-reads one track it did not process itself (a quest winner to draw).
    /// </summary>
    public static TrackSource? Locate(string root, string relativePath, CompressedTrackPolicy compressed = CompressedTrackPolicy.IfNoRaw)
    {
        var rootFull = Path.GetFullPath(root);
        var dir = Path.GetDirectoryName(Path.Combine(rootFull, relativePath));
        if (dir is null || !EnergyFolder().IsMatch(Path.GetFileName(dir)) || !Directory.Exists(dir)) return null;
        return TracksInEnergyFolder(rootFull, dir, compressed)
            .FirstOrDefault(s => s.Problem is null && string.Equals(s.RelativePath, relativePath, StringComparison.Ordinal));
    }

    /// <summary>
    /// The path below the root with '/' between folders. Only the platform's separator is rewritten: on Linux a '\\'
    /// is an ordinary character of a file name and must survive.
    /// </summary>
    public static string PortableRelativePath(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        return Path.DirectorySeparatorChar == '/' ? relative : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>
    /// The source a walk of <paramref name="root"/> gives for the raw track <paramref name="npzPath"/>
    /// (<c>root/&lt;material&gt;/&lt;particle&gt;/E&lt;7 digits&gt;/NAME.npz</c>) and its pickle, for a producer that hands
    /// tracks to a run as it writes them (the default dataset's generator) instead of walking the folder afterwards.
    /// </summary>
    public static TrackSource RawTrack(string root, string npzPath, string? picklePath)
    {
        var dir = Path.GetDirectoryName(npzPath) ?? throw new ArgumentException($"{npzPath} has no folder", nameof(npzPath));
        var particleDir = Path.GetDirectoryName(dir) ?? throw new ArgumentException($"{npzPath} has no particle folder", nameof(npzPath));
        var materialDir = Path.GetDirectoryName(particleDir) ?? throw new ArgumentException($"{npzPath} has no material folder", nameof(npzPath));
        var fileName = Path.GetFileName(npzPath);
        if (!EnergyFolder().IsMatch(Path.GetFileName(dir)) || !fileName.EndsWith(RawSuffix, StringComparison.Ordinal) || fileName.EndsWith(CompressedSuffix, StringComparison.Ordinal))
            throw new ArgumentException($"{npzPath} is not a raw track below an E<7 digits> folder", nameof(npzPath));
        return new TrackSource(
            Name: fileName[..^RawSuffix.Length],
            Material: Path.GetFileName(materialDir),
            Particle: Path.GetFileName(particleDir),
            EnergyKev: int.Parse(Path.GetFileName(dir).AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture),
            NpzPath: npzPath,
            PicklePath: picklePath,
            IsCompressed: false,
            RelativePath: PortableRelativePath(Path.GetFullPath(root), npzPath));
    }

    private static IEnumerable<TrackSource> TracksInEnergyFolder(string root, string dir, CompressedTrackPolicy compressed)
    {
        var particleDir = Path.GetDirectoryName(dir);
        var materialDir = particleDir is null ? null : Path.GetDirectoryName(particleDir);
        // The particle and material come from the folder names, even when the root is an energy folder itself.
        if (particleDir is null || materialDir is null) yield break;

        var particle = Path.GetFileName(particleDir);
        var material = Path.GetFileName(materialDir);
        var energyKev = int.Parse(Path.GetFileName(dir).AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture);

        string[]? files = null;
        string? problem = null;
        try { files = Directory.GetFiles(dir, "TrackE*"); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException) { problem = e.Message; }
        if (files is null)
        {
            yield return TrackSource.Unreadable(root, dir, problem!);
            yield break;
        }
        Array.Sort(files, StringComparer.Ordinal);
        var names = new HashSet<string>(files.Length, StringComparer.Ordinal);
        foreach (var f in files) names.Add(Path.GetFileName(f));
        // A folder in a pickle's place is that track's pickle too: the reader refuses it as not a regular file (one
        // truth-only error row, as for a FIFO), where leaving it out made the track silently one without truth.
        foreach (var d in Directory.EnumerateDirectories(dir, "TrackE*.pickle")) names.Add(Path.GetFileName(d));

        foreach (var file in files)
        {
            var fileName = Path.GetFileName(file);
            bool isCompressed = fileName.EndsWith(CompressedSuffix, StringComparison.Ordinal);
            if (!isCompressed && !fileName.EndsWith(RawSuffix, StringComparison.Ordinal)) continue;
            var stem = fileName[..^(isCompressed ? CompressedSuffix.Length : RawSuffix.Length)];
            if (stem.Length == 0) continue;
            string trackId = stem;
            if (isCompressed)
            {
                if (compressed == CompressedTrackPolicy.Never) continue;
                if (compressed == CompressedTrackPolicy.IfNoRaw && names.Contains(stem + RawSuffix)) continue;
                if (compressed == CompressedTrackPolicy.Both) trackId = stem + ".c";
            }
            var pickleName = stem + ".pickle";
            var picklePath = names.Contains(pickleName) ? Path.Combine(dir, pickleName) : null;
            yield return new TrackSource(
                Name: trackId,
                Material: material,
                Particle: particle,
                EnergyKev: energyKev,
                NpzPath: file,
                PicklePath: picklePath,
                IsCompressed: isCompressed,
                RelativePath: PortableRelativePath(root, file));
        }
    }
}
