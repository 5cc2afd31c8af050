using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Classification;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Which classifier model a run scored with, by content: a retrained model at the same path changes every score, while
/// the same file named another way (relative or absolute <c>Classifier:ModelPath</c>) changes nothing (known issue Q5).
/// Recorded in run.json and compared by <see cref="RowSettings"/> instead of the path's spelling.
/// </summary>
public static class ClassifierModelDigest
{
    /// <summary>Key under which run.json records the digest, and <see cref="RowSettings"/> names a difference.</summary>
    public const string ReportKey = "classifier_model_sha256";

    /// <summary>Key under which run.json records the model file's full path (the resolved <c>Classifier:ModelPath</c>): which copy the run read.</summary>
    public const string FileKey = "classifier_model_file";

    /// <summary>
    /// Whether the settings classify tracks: with <c>--readout none</c> there are no pixels, no classification stage and
    /// no score columns, so the model is neither loaded, required, recorded nor compared on resume (breaker 10 F4); the
    /// perfect-detector view classifies raw deposits, also without a readout. (A readout without a pixel level, the anode
    /// grid alone, does not classify either, but knowing it needs the preset read: its model is still required.)
    /// </summary>
    public static bool Classifies(IConfiguration configuration) =>
        !string.Equals(configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.Readout)}"], DetectorOptions.NoReadout, StringComparison.OrdinalIgnoreCase)
        || string.Equals(configuration[$"{ClassifierSettings.Section}:{nameof(ClassifierSettings.View)}"], nameof(DetectorView.PerfectDetector), StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of the model file the settings point at; null when there is none (classification off or not yet trained).</summary>
    public static string? FileOf(IConfiguration configuration)
    {
        if (!Classifies(configuration) || string.IsNullOrWhiteSpace(configuration["Classifier:ModelPath"])) return null;
        var path = Path.GetFullPath(new ClassifierSettings { ModelPath = configuration["Classifier:ModelPath"]! }.ResolvedModelPath);
        return File.Exists(path) ? path : null;
    }

    /// <summary>SHA-256 (hex) of the model file the settings point at; null when there is none (classification off or not yet trained).</summary>
    public static string? Of(IConfiguration configuration)
    {
        if (FileOf(configuration) is not { } path) return null;
        try
        {
            using var file = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;   // unreadable: the classification stage reports it when it loads the model
        }
    }
}
