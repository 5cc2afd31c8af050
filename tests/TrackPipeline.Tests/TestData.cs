namespace TrackPipeline.Tests;

/// <summary>
/// Locates the group's shared sample data without absolute paths: walk up from the test assembly directory to the
/// directory holding <c>TrackPipeline.sln</c> (the repository or worktree root), then <c>../shared/data</c>.
/// </summary>
public static class TestData
{
    /// <summary>The directory that contains TrackPipeline.sln, or null.</summary>
    public static string? RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>&lt;repo&gt;/../shared/data</c> when it holds the sample and its manifest, else null (tests using it are skipped).</summary>
    public static string? SharedDataRoot { get; } = FindShared();

    /// <summary><c>../shared/data/Tracks</c>: the real PENELOPE sample.</summary>
    public static string? TracksRoot => SharedDataRoot is null ? null : Path.Combine(SharedDataRoot, "Tracks");

    /// <summary><c>../shared/data/manifest.json</c>: exact figures for every sample file.</summary>
    public static string? ManifestPath => SharedDataRoot is null ? null : Path.Combine(SharedDataRoot, "manifest.json");

    /// <summary>The built program (<c>trackpipeline.dll</c>), for tests that run it as a separate process (kill, Ctrl+C).</summary>
    public static string AppDll => Path.Combine(AppContext.BaseDirectory, "trackpipeline.dll");

    public const string MissingMessage = "SKIPPED (no ../shared/data): the shared sample data is expected beside the folder holding TrackPipeline.sln";

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln"))) return dir.FullName;
        return null;
    }

    private static string? FindShared()
    {
        if (RepoRoot is null) return null;
        var data = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
        return Directory.Exists(Path.Combine(data, "Tracks")) && File.Exists(Path.Combine(data, "manifest.json")) ? data : null;
    }
}

/// <summary>A fact that is skipped, with a clear reason, when the shared sample data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (TestData.SharedDataRoot is null) Skip = TestData.MissingMessage;
    }
}

/// <summary>A theory that is skipped, with a clear reason, when the shared sample data is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (TestData.SharedDataRoot is null) Skip = TestData.MissingMessage;
    }
}
