using System.Xml.Linq;

namespace TrackPipeline.Tests.Structure;

/// <summary>
/// The README says which libraries the program uses and why, and what is written by hand instead (review item, eighth
/// session): every package the app or the library references is named in that section, so a new dependency comes with
/// its reason.
/// </summary>
public sealed class LibraryTableTests
{
    [Fact]
    public void Every_package_the_program_references_is_in_the_READMEs_library_table()
    {
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        const string heading = "## Libraries, and what is written by hand";
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no section '{heading}'");
        int end = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];
        Assert.Contains("Written by hand", section);

        var packages = new[] { "src/TrackPipeline/TrackPipeline.csproj", "src/TrackPipeline.Core/TrackPipeline.Core.csproj" }
            .SelectMany(p => XDocument.Load(Path.Combine(root, p)).Descendants("PackageReference"))
            .Select(r => (string)r.Attribute("Include")!).Distinct().ToList();
        Assert.NotEmpty(packages);
        // A package is named by itself or by its family (Microsoft.ML.FastTree under Microsoft.ML, SkiaSharp.NativeAssets.* under SkiaSharp).
        static IEnumerable<string> Family(string name)
        {
            var parts = name.Split('.');
            for (int n = parts.Length; n >= 1; n--)
                if (n > 1 || parts[0] is not ("Microsoft" or "System")) yield return string.Join('.', parts[..n]);
        }
        var missing = packages.Where(p => !Family(p).Any(f => section.Contains(f, StringComparison.Ordinal))).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_hand_written_random_source_is_in_the_READMEs_written_by_hand_table()
    {
        // Breaker 8 (what worked, libraries): the table named TrackRandom but not the drift's ziggurat Gaussian, although both stand in for a library.
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("repository root not found");
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int start = readme.IndexOf("Written by hand, each for a reason:", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no 'Written by hand' table");
        int end = readme.IndexOf("\n## ", start, StringComparison.Ordinal);
        var table = end < 0 ? readme[start..] : readme[start..end];
        var sources = Directory.GetFiles(Path.Combine(root, "src", "TrackPipeline.Core", "Numerics"), "*.cs")
            .Select(Path.GetFileName).Where(f => f!.Contains("Random", StringComparison.Ordinal) || f.Contains("Gaussian", StringComparison.Ordinal)).ToList();
        Assert.Contains("ZigguratGaussian.cs", sources);
        Assert.DoesNotContain(sources, f => !table.Contains("Numerics/" + f!, StringComparison.Ordinal));
    }
}
