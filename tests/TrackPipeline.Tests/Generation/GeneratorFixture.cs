using TrackPipeline.Generation;

namespace TrackPipeline.Tests.Generation;

/// <summary>One generator for all generation tests, built from the repository's <c>config/</c>.</summary>
public static class GeneratorFixture
{
    public static string ConfigDir { get; } = Path.Combine(TestData.RepoRoot ?? throw new InvalidOperationException("TrackPipeline.sln not found above the test assembly"), "config");

    private static readonly Lazy<TrackGenerator> LazyGenerator = new(() => new TrackGenerator(GeneratorSettings.Load(ConfigDir)));

    public static TrackGenerator Generator => LazyGenerator.Value;
}
