using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Golden pictures in Rendering/Golden (drawn without a font, so they do not depend on the machine's fonts). Regenerate
/// with TRACKPIPELINE_REGENERATE_GOLDEN=1 after an intended change, and look at them.
/// </summary>
public static class GoldenImages
{
    public static void AssertMatches(SKBitmap bitmap, string fileName)
    {
        var png = TrackRenderer.EncodePng(bitmap);
        var root = TestData.RepoRoot ?? throw new InvalidOperationException("TrackPipeline.sln not found above the test binaries");
        var golden = Path.Combine(root, "tests", "TrackPipeline.Tests", "Rendering", "Golden", fileName);
        if (Environment.GetEnvironmentVariable("TRACKPIPELINE_REGENERATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(golden, png);
            return;
        }
        Assert.True(File.Exists(golden), $"golden image {golden} is missing; set TRACKPIPELINE_REGENERATE_GOLDEN=1 to create it");
        using var expected = SKBitmap.Decode(golden);
        Assert.True(new FileInfo(golden).Length < 100_000, "the golden image stays small");
        // Anti-aliasing may differ by a few levels between Skia builds; the picture must not.
        Assert.True(ImageChecks.DifferentFraction(bitmap, expected, 24) < 0.002, $"more than 0.2 % of the pixels differ from the golden image {fileName}");
    }
}
