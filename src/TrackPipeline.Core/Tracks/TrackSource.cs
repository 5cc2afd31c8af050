namespace TrackPipeline.Tracks;

/// <summary>
/// One track found on disk: <c>&lt;material&gt;/&lt;particle&gt;/E&lt;7 digits&gt;/TrackE....npz</c> and its truth pickle.
/// The track name is the file stem (without <c>.npz</c> or <c>.c.npz</c>). <see cref="Problem"/> is set when discovery
/// could not read a folder: the reader then reports it as an error row.
/// </summary>
public sealed record TrackSource(
    string Name,
    string Material,
    string Particle,
    int EnergyKev,
    string NpzPath,
    string? PicklePath,
    bool IsCompressed,
    string RelativePath,
    string? Problem = null)
{
    /// <summary>
    /// The track's id in the tables and its pictures' name: the file stem, with the sub-tree folders in front for a track
    /// below the usual place (<see cref="TrackIdentity"/>), so that the same file name in two sub-trees gives two ids.
    /// </summary>
    public string TrackId => TrackIdentity.Of(Name, RelativePath);

    /// <summary>
    /// A place below the root that could not be listed (permissions, I/O error): it becomes one error row instead of
    /// being skipped silently. <paramref name="folder"/> is named in the row; its path below the root is the track id.
    /// </summary>
    public static TrackSource Unreadable(string root, string folder, string problem)
    {
        var relative = DatasetDiscovery.PortableRelativePath(root, folder);
        return new TrackSource(relative, "", "", 0, folder, null, false, relative, $"folder cannot be listed: {problem}");
    }

    /// <summary>
    /// The path below the input root of <paramref name="path"/>, one of this track's files (its .npz or .pickle) or the
    /// folder it stands for, with '/' between folders: the errors table keys its rows like the tracks table, so the same
    /// input mounted at another path (another node) gives the same rows. Any other path is returned as it is.
    /// </summary>
    public string RelativeOf(string path)
    {
        if (string.Equals(path, NpzPath, StringComparison.Ordinal)) return RelativePath;
        if (!string.Equals(Path.GetDirectoryName(path), Path.GetDirectoryName(NpzPath), StringComparison.Ordinal)) return path;
        int slash = RelativePath.LastIndexOf('/');
        return slash < 0 ? Path.GetFileName(path) : RelativePath[..(slash + 1)] + Path.GetFileName(path);
    }

}
