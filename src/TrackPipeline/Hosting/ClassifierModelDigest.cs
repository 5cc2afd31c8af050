using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The model file a run read (full path) and the SHA-256 of the bytes it read: what run.json records and a resume
/// compares (<see cref="EarlyClassifierSession.Read"/>). Both null when the run does not classify.
/// </summary>
public sealed record ClassifierModelRead(string? File, string? Sha256)
{
    public static readonly ClassifierModelRead None = new(null, null);
}

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
    /// Whether the settings classify tracks: the classifier decides from the triggered pixels, so a run without a pixel
    /// level (<c>--readout none</c>, or a preset with no <c>fine</c> level such as the anode grid alone) has no
    /// classification stage and no score columns; its model is neither loaded, required, recorded nor compared on resume
    /// (breaker 10 F4, mend 11). The perfect-detector view classifies raw deposits, with or without a readout. The
    /// preset is read here, at the settings check, because only it says whether a pixel level exists; a preset that
    /// cannot be read counts as classifying (the detector check names its problem, and the model is still checked).
    /// </summary>
    public static bool Classifies(IConfiguration configuration)
    {
        if (string.Equals(configuration[$"{ClassifierSettings.Section}:{nameof(ClassifierSettings.View)}"], nameof(DetectorView.PerfectDetector), StringComparison.OrdinalIgnoreCase))
            return true;
        var detector = new DetectorOptions
        {
            Readout = configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.Readout)}"] ?? "",
            ConfigDirectory = configuration[$"{DetectorOptions.Section}:{nameof(DetectorOptions.ConfigDirectory)}"],
        };
        return detector.Enabled && HasPixelLevel(detector);
    }

    /// <summary>Whether the readout preset has a pixel (fine) level; true when the preset cannot be read.</summary>
    private static bool HasPixelLevel(DetectorOptions detector)
    {
        var preset = Path.Combine(detector.ResolvedConfigDirectory, "readouts", detector.Readout + ".json");
        try { return DetectorConfig.LoadReadout(preset).Fine is not null; }
        catch (Exception e) when (e is DetectorConfigException or IOException or UnauthorizedAccessException or ArgumentException) { return true; }
    }

    /// <summary>The full path of the model file the settings point at; null when there is none (classification off or not yet trained).</summary>
    public static string? FileOf(IConfiguration configuration)
    {
        if (!Classifies(configuration) || string.IsNullOrWhiteSpace(configuration["Classifier:ModelPath"])) return null;
        var path = Path.GetFullPath(new ClassifierSettings { ModelPath = configuration["Classifier:ModelPath"]! }.ResolvedModelPath);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// SHA-256 (hex) of the model file the settings point at, as it is now; null when there is none (classification off or
    /// not yet trained). A run records the digest of the bytes it loaded instead (<see cref="EarlyClassifierSession.Read"/>).
    /// </summary>
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
