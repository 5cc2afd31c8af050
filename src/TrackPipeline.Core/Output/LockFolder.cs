namespace TrackPipeline.Output;

/// <summary>
/// <c>OUT/.locks</c>, where the shard locks and the settings lock live. Something else in its place (a file named
/// <c>.locks</c>, a folder named like a lock) is said in one line with what to do, instead of the runtime's "already
/// exists" or "access denied" (breaker B6).
/// </summary>
public static class LockFolder
{
    /// <summary>The lock folder of <paramref name="outputRoot"/>, created if missing.</summary>
    public static string Ensure(string outputRoot)
    {
        var dir = Path.Combine(Path.GetFullPath(outputRoot), OutputLayout.Locks);
        if (File.Exists(dir))
            throw new IOException($"{dir} is a file, not the folder of the output's locks: remove it (a run recreates the folder)");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Throws when <paramref name="lockPath"/> is a folder: a lock is an empty file a run recreates.</summary>
    public static void RequireNoFolderAt(string lockPath)
    {
        if (Directory.Exists(lockPath))
            throw new IOException($"{lockPath} is a folder, not a lock file: remove it (a run recreates its lock files)");
    }
}
