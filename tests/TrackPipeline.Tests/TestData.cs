namespace TrackPipeline.Tests;

/// <summary>Locates the shared sample data: <c>../shared/data</c> beside the folder holding TrackPipeline.sln.</summary>
public static class TestData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared data folder, or null when it is not there (tests that need it skip).</summary>
    public static string? SharedDataRoot => Root.Value;

    public const string MissingMessage = "shared sample data not found (expected ../shared/data beside the folder holding TrackPipeline.sln)";

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln"))) continue;
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            return Directory.Exists(data) ? data : null;
        }
        return null;
    }
}
