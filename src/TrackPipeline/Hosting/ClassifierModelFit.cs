using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Classification;
using TrackPipeline.Reconstruction;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Whether the run's settings are those the classifier model was fitted with, as its provenance records them
/// (<c>classifier.json</c>: the view, the detector, the feature settings). A model fitted on pixels scores raw deposits,
/// or features measured with another end radius, as nonsense with no word (breaker17 F4): those are refused. Another
/// readout or medium, and other topology settings, are warned about: the shipped <c>larpix</c> pipeline and the
/// topology options run with the shipped model, whose scores are then not calibrated for them (docs/classification.md:
/// "a model belongs to the readout it was trained with").
/// </summary>
public static class ClassifierModelFit
{
    /// <summary>The classifier's own feature settings as the provenance names them, and their setting.</summary>
    private static readonly (string Recorded, string Setting, Func<ClassifierSettings, double> Value)[] FeatureSettings =
    [
        ("end_charge_radius_mm", nameof(ClassifierSettings.EndChargeRadiusMm), s => s.EndChargeRadiusMm),
        ("end_plateau_from_mm", nameof(ClassifierSettings.EndPlateauFromMm), s => s.EndPlateauFromMm),
        ("end_plateau_to_mm", nameof(ClassifierSettings.EndPlateauToMm), s => s.EndPlateauToMm),
        ("detached_cone_deg", nameof(ClassifierSettings.DetachedConeDeg), s => s.DetachedConeDeg),
        ("start_stem_from_mm", nameof(ClassifierSettings.StartStemFromMm), s => s.StartStemFromMm),
        ("start_stem_to_mm", nameof(ClassifierSettings.StartStemToMm), s => s.StartStemToMm),
        ("start_branch_radius_mm", nameof(ClassifierSettings.StartBranchRadiusMm), s => s.StartBranchRadiusMm),
    ];

    /// <summary>One line per setting of this run that the model was not fitted with and cannot score: refused.</summary>
    public static IEnumerable<string> Problems(ClassifierSettings settings, IConfiguration configuration)
    {
        if (ClassifierModelDigest.FileOf(configuration) is { } file && ModelProvenance.Unreadable(file) is { } unreadable)
        {
            yield return $"{ClassifierSettings.Section}:{nameof(ClassifierSettings.ModelPath)}: {unreadable}";
            yield break;
        }
        if (ModelAndProvenance(configuration) is not var (model, provenance)) yield break;
        string Line(string setting, string recorded, string now) =>
            $"{setting}: the model {model} was fitted with {recorded} ({ModelProvenance.FileOf(model)}), this run has {now}; " +
            "retrain with this value ('trackpipeline train') or give a model fitted with it (Classifier:ModelPath)";
        if (provenance["view"] is { } recordedView && recordedView.GetValueKind() != JsonValueKind.String)
            yield return $"{ClassifierSettings.Section}:{nameof(ClassifierSettings.View)}: the model {model}'s provenance " +
                $"({ModelProvenance.FileOf(model)}) records its view as {recordedView.ToJsonString()}, not a view's name";
        if (provenance["view"] is JsonValue view && view.GetValueKind() == JsonValueKind.String
            && !string.Equals(view.GetValue<string>(), settings.View.ToString(), StringComparison.OrdinalIgnoreCase))
            yield return Line($"{ClassifierSettings.Section}:{nameof(ClassifierSettings.View)}", view.GetValue<string>(), settings.View.ToString());
        if (provenance["feature_settings"] is not JsonObject features) yield break;
        if (LevelProblem(features, configuration) is var (recordedLevel, level))
            yield return Line(ReconstructionLevelSetting, recordedLevel, level);
        foreach (var (recorded, setting, value) in FeatureSettings)
            if (features[recorded] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() != value(settings))
                yield return Line($"{ClassifierSettings.Section}:{setting}", Number(v.GetValue<double>()), Number(value(settings)));
    }

    /// <summary>Where <c>train</c> records the reconstruction's level in the provenance's <c>feature_settings</c>.</summary>
    public const string RecordedReconstructionLevel = "reconstruction_level";

    private const string ReconstructionLevelSetting = $"{ReconstructionSettings.Section}:{nameof(ReconstructionSettings.Level)}";

    /// <summary>
    /// The model's <c>reco_*</c> features are measured at the reconstruction's level: a model fitted on the pixels' scores
    /// the raw deposits' (<c>--Reconstruction:Level raw</c>) as nonsense with no word (breaker19 F1). A provenance without
    /// the level was written before <c>train</c> recorded it (session 32), when <c>train</c> measured at
    /// <c>config/analysis.json</c>'s level, <c>pixels</c> since the reconstruction stage came (b3bb033), and no shipped or
    /// documented retrain command overrode it. Null when the levels agree.
    /// </summary>
    private static (string Recorded, string Now)? LevelProblem(JsonObject features, IConfiguration configuration)
    {
        var recorded = features[RecordedReconstructionLevel] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "pixels";
        var now = configuration[ReconstructionLevelSetting] ?? "";
        return string.Equals(recorded, now, StringComparison.OrdinalIgnoreCase) ? null : (recorded, now);
    }

    /// <summary>One line per setting of this run the model was not fitted with but can score (uncalibrated): warned about.</summary>
    public static IReadOnlyList<string> Warnings(IConfiguration configuration)
    {
        if (ModelAndProvenance(configuration) is not var (model, provenance)) return [];
        var warnings = new List<string>();
        var effective = RunReport.ConfigurationJson(configuration);
        void Compare(string setting, JsonNode? recorded, JsonNode? now)
        {
            if (recorded is null || now is null || Same(recorded, now)) return;
            warnings.Add($"{setting}: the model {model} was fitted with {Text(recorded)}, this run has {Text(now)}: its scores are not " +
                "calibrated for this run (retrain with this value for scores to trust)");
        }
        // The readout and medium shape the pixels the pixel view reads; the perfect detector's view reads deposits.
        bool pixels = !string.Equals(effective[ClassifierSettings.Section]?[nameof(ClassifierSettings.View)]?.ToString(), nameof(DetectorView.PerfectDetector), StringComparison.OrdinalIgnoreCase);
        // The presets by their values where the provenance records them (train since breaker18 item 4): a copy with a 2 mm
        // pitch named GAMPixG is another readout, the same file named by another path is not; by their names otherwise.
        if (pixels && provenance["detector"] is JsonObject detector)
        {
            if (detector[DetectorPresetValues.ReportKey] is JsonObject fitted)
                warnings.AddRange(PresetWarnings(model, fitted, DetectorPresetValues.Of(configuration)));
            else
                foreach (var key in (string[])["Readout", "Medium"])
                    Compare($"Detector:{key}", detector[key.ToLowerInvariant()], effective["Detector"]?[key]);
        }
        if (provenance["feature_settings"]?["topology"] is JsonObject topology && effective["Topology"] is JsonObject now)
            foreach (var (key, recorded) in topology)
                Compare($"Topology:{key}", recorded, now[key]);
        return warnings;
    }

    /// <summary>Entries of a differing preset named in one warning; the rest are counted.</summary>
    private const int EntriesListed = 4;

    /// <summary>
    /// One warning per preset (the medium, the readout) whose values differ from those the model was fitted with,
    /// matched by folder whatever their names; the documentation and the bounds (<see cref="DetectorPresetValues.IsBound"/>)
    /// are not compared. A preset the provenance or this run lacks is not compared (the detector check names a missing one).
    /// </summary>
    private static IEnumerable<string> PresetWarnings(string model, JsonObject fitted, JsonObject now)
    {
        foreach (var (file, values) in now)
        {
            var folder = file[..(file.IndexOf('/', StringComparison.Ordinal) + 1)];
            if (values is null || fitted.FirstOrDefault(f => f.Key.StartsWith(folder, StringComparison.Ordinal)) is not { Value: { } fittedValues } match) continue;
            var then = RowSettings.Flatten(fittedValues);
            var here = RowSettings.Flatten(values);
            var differing = then.Keys.Union(here.Keys, StringComparer.OrdinalIgnoreCase)
                .Where(entry => !DetectorPresetValues.IsBound(file, entry) && !RowSettings.Same(then.GetValueOrDefault(entry), here.GetValueOrDefault(entry)))
                .Order(StringComparer.Ordinal).ToList();
            if (differing.Count == 0) continue;
            var listed = string.Join("; ", differing.Take(EntriesListed).Select(entry =>
                $"{file}:{entry} fitted with {Normal(then.GetValueOrDefault(entry) ?? "null")}, this run has {Normal(here.GetValueOrDefault(entry) ?? "null")}"));
            yield return $"Detector preset {file}: the model {model} was fitted with other values ({match.Key} of {ModelProvenance.FileOf(model)}): {listed}"
                + (differing.Count > EntriesListed ? $" and {differing.Count - EntriesListed} more" : "")
                + ": its scores are not calibrated for this run (retrain with these values for scores to trust)";
        }
    }

    /// <summary>The model file the run classifies with and its provenance; null when it does not classify or there is none.</summary>
    private static (string Model, JsonObject Provenance)? ModelAndProvenance(IConfiguration configuration) =>
        ClassifierModelDigest.FileOf(configuration) is { } model && ModelProvenance.Read(model) is { } provenance ? (model, provenance) : null;

    private static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A value as compared: numbers however written (the provenance's 2, the configuration's "2.0"), lists whole, words in any case.</summary>
    private static string Text(JsonNode node) => node switch
    {
        JsonArray a => "[" + string.Join(",", a.Select(x => x is null ? "null" : Text(x))) + "]",
        _ => node.GetValueKind() == JsonValueKind.String ? Normal(node.GetValue<string>()) : Normal(node.ToJsonString()),
    };

    private static string Normal(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? Number(x) : text;

    private static bool Same(JsonNode a, JsonNode b) => string.Equals(Text(a), Text(b), StringComparison.OrdinalIgnoreCase);
}
