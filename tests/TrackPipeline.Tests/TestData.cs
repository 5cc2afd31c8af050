namespace TrackPipeline.Tests;

/// <summary>
/// Locates the group's shared sample data without absolute paths: walk up from the test assembly directory to the
/// directory holding <c>TrackPipeline.sln</c> (the repository or worktree root), then <c>../shared/data/Tracks</c>.
/// </summary>
public static class TestData
{
    /// <summary>The directory that contains TrackPipeline.sln, or null.</summary>
    public static string? RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>&lt;repo&gt;/../shared/data/Tracks</c> when it exists, else null (tests using it are skipped).</summary>
    public static string? SharedDataRoot { get; } = FindShared();

    /// <summary><c>&lt;repo&gt;/../shared/data/manifest.json</c> when it exists, else null.</summary>
    public static string? ManifestPath { get; } =
        SharedDataRoot is null ? null : Existing(Path.GetFullPath(Path.Combine(SharedDataRoot, "..", "manifest.json")));

    public const string MissingMessage = "shared sample data not found: expected ../shared/data/Tracks next to the directory holding TrackPipeline.sln";

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln"))) return dir.FullName;
        return null;
    }

    private static string? FindShared()
    {
        if (RepoRoot is null) return null;
        var p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "Tracks"));
        return Directory.Exists(p) ? p : null;
    }

    private static string? Existing(string p) => File.Exists(p) ? p : null;
}

/// <summary>A fact that is skipped, with a clear reason, when the shared sample data is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (TestData.SharedDataRoot is null || TestData.ManifestPath is null) Skip = TestData.MissingMessage;
    }
}
