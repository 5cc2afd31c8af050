using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The settings that change the rows a track gets (known issue P4): the seed, the detector (readout, medium, depth,
/// noiseless samples, preset folder) and the analysis sections. A run into an output whose earlier invocations
/// (<c>run.json</c>, <c>run-K of N.json</c>, <c>runs/</c>) used other values would silently mix two datasets in one
/// table, so it is refused unless <c>Run:AllowMixedSettings</c> is set.
/// </summary>
public static partial class RowSettings
{
    /// <summary>
    /// Single settings (Section:Key) that change rows. <c>Detector:ConfigDirectory</c> only against reports written before
    /// the presets' values were recorded (<see cref="DetectorPresetValues"/>): those values are compared instead.
    /// </summary>
    public static readonly string[] Keys =
        ["Run:Seed", "Detector:Readout", "Detector:Medium", "Detector:DepthM", "Detector:WriteNoiselessSamples", "Detector:ConfigDirectory"];

    /// <summary>Whole sections whose every key changes rows (features, reconstruction, scores and labels).</summary>
    public static readonly string[] Sections = ["Topology", "Reconstruction", "Classifier", "Labels"];

    /// <summary>
    /// Keys of those sections that do not change rows (known issue Q5): how many quest pictures are kept (the quest is
    /// ranked again over all rows), and the model's path, whose content is compared instead
    /// (<see cref="ClassifierModelDigest"/>): the same file spelled otherwise is the same model, a retrained one is not.
    /// </summary>
    public static readonly string[] NotRowChanging = ["Classifier:QuestTopPerCategory", "Classifier:ModelPath"];

    private const int MaxListed = 6;

    /// <summary>
    /// One line per earlier report of <paramref name="outputRoot"/> whose row-changing settings differ from
    /// <paramref name="current"/> (empty when they agree). While the output holds no track rows yet, only the reports
    /// of runs still alive count (<paramref name="isLiveElsewhere"/>; none when it is null): a run that died before
    /// writing a row leaves nothing to mix with, one that is running is about to write (known issue Q1).
    /// Keys an older report does not have (settings added since) are compared with the value that behaves as the program
    /// did before them (<see cref="AddedSettings"/>), and refused as <c>not-recorded</c> when that is not known; keys the
    /// method of both runs does not read are not compared (<see cref="MethodSettings"/>).
    /// </summary>
    /// <param name="isLiveElsewhere">Whether another live process holds a shard's lock (<see cref="ShardLease.IsHeld"/>).</param>
    /// <param name="presets">The presets' values this run read (<see cref="DetectorPresetValues.Of(DetectorOptions)"/>); null: read now.</param>
    /// <param name="loaded">The model this run read (<see cref="EarlyClassifierSession.Read"/>): its digest is compared; null: the file's as it is now.</param>
    public static IReadOnlyList<string> Differences(RunReports reports, IConfiguration current, Func<ShardSpec, bool>? isLiveElsewhere = null,
        ClassifierModelRead? loaded = null, JsonObject? presets = null)
    {
        bool rows = HasRows(reports.OutputRoot);
        if (!rows && isLiveElsewhere is null) return [];
        var now = Flatten(RunReport.ConfigurationJson(current));
        string? model = loaded is not null ? loaded.Sha256 : ClassifierModelDigest.Of(current);
        now[ClassifierModelDigest.ReportKey] = model;
        var presetsNow = presets ?? DetectorPresetValues.Of(current);
        foreach (var (key, value) in Flatten(presetsNow, DetectorPresetValues.ReportKey)) now[key] = value;
        now[TableLayout.ReportKey] = TableLayout.Current.ToString(CultureInfo.InvariantCulture);
        var differences = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Differ(string key, string? before)
        {
            if (!differences.TryGetValue(key, out var values)) differences[key] = values = new(StringComparer.Ordinal);
            values.Add(before ?? "null");
        }
        foreach (var (report, root) in reports.Current())
        {
            if (root["configuration"] is not { } configuration) continue;
            if (root[NoRowsKey]?.GetValueKind() == JsonValueKind.False) continue;   // ended with no row in the output: nothing to mix with
            if (!rows && !(isLiveElsewhere is not null && IsRunning(report, root, isLiveElsewhere))) continue;
            var then = Flatten(configuration);
            // A report that records the presets' values is compared by them, not by how their folder was spelled (relative,
            // trailing '/', a link, the program's config/ named): breaker18. Older reports have only the folder's path.
            bool byValues = root[DetectorPresetValues.ReportKey] is JsonObject;
            // A key the report does not record was added since: read as the value that behaves as before it (AddedSettings).
            string? ThenValue(string key) => then.TryGetValue(key, out var v) ? v : AddedSettings.Find(key)?.Before;
            string? NowValue(string key) => now.TryGetValue(key, out var v) ? v : null;
            foreach (var (key, before) in then)
            {
                if (!RowChanging(key) || (byValues && IsPresetFolder(key))) continue;
                // Read by neither run's method: any two values make the same rows (MethodSettings; breaker 10 F5).
                if (!MethodSettings.IsRead(key, ThenValue) && !MethodSettings.IsRead(key, NowValue)) continue;
                now.TryGetValue(key, out var value);
                if (!Same(before, value)) Differ(key, before);
            }
            foreach (var (key, value) in now)
            {
                if (then.ContainsKey(key) || !RowChanging(key) || key == ClassifierModelDigest.ReportKey || (byValues && IsPresetFolder(key))) continue;
                if (!MethodSettings.IsRead(key, ThenValue) && !MethodSettings.IsRead(key, NowValue)) continue;
                if (AddedSettings.Find(key) is not { } added) Differ(key, NotRecorded);
                else if (added.Before is null || !Same(added.Before, value)) Differ(key, added.Before ?? NotRecorded);
            }
            // Reports older than the digest do not have it: not compared. A model where there was none (or none where
            // there was one) is a difference too: scores appear or vanish. A run that classifies nothing (--readout none)
            // has no score to mix: an older report of such a run recorded the model all the same (breaker 10 F4).
            if (ClassifierModelDigest.Classifies(current) && root.TryGetPropertyValue(ClassifierModelDigest.ReportKey, out var digest)
                && !string.Equals(digest?.GetValue<string>(), model, StringComparison.Ordinal))
                Differ(ClassifierModelDigest.ReportKey, digest?.GetValue<string>());
            // The tables' own rules (TableLayout, breaker20 item 2): rows written by another layout are not mixed with these.
            int layoutThen = root[TableLayout.ReportKey] is JsonValue layout && layout.TryGetValue<int>(out var recorded) ? recorded : TableLayout.Unrecorded;
            if (layoutThen != TableLayout.Current) Differ(TableLayout.ReportKey, layoutThen.ToString(CultureInfo.InvariantCulture));
            // The presets' values, file by file (breaker 17 F2): reports older than them do not have them (not compared); a
            // preset only one run read (another medium or readout name) is named by Detector:Medium or Detector:Readout.
            if (root[DetectorPresetValues.ReportKey] is JsonObject presetsThen)
                foreach (var (file, valuesThen) in presetsThen)
                {
                    if (presetsNow[file] is not { } valuesNow) continue;
                    var prefix = $"{DetectorPresetValues.ReportKey}:{file}";
                    var before = Flatten(valuesThen ?? new JsonObject(), prefix);
                    // A bound (drift.max_depth) changes no row of a track within it: not compared (DetectorPresetValues.IsBound).
                    bool Bound(string key) => DetectorPresetValues.IsBound(file, key[(prefix.Length + 1)..]);
                    foreach (var (key, value) in before)
                        if (!Bound(key) && (!now.TryGetValue(key, out var thisRun) || !Same(value, thisRun)))
                        {
                            now.TryAdd(key, null);   // an entry the preset no longer has reads "this run: null"
                            Differ(key, value);
                        }
                    foreach (var (key, _) in Flatten(valuesNow, prefix))
                        if (!before.ContainsKey(key) && !Bound(key)) Differ(key, null);
                }
        }
        return differences.Select(d => $"{d.Key} {string.Join("|", d.Value)} (this run: {(now.TryGetValue(d.Key, out var value) ? value ?? "null" : NotASetting)})").ToList();
    }

    private const string NoRowsKey = "rows_in_output";

    /// <summary>What a difference says for a key the earlier runs did not record and whose behaviour then is not known (a setting added since).</summary>
    private const string NotRecorded = "not-recorded";

    /// <summary>What a difference says for a key the earlier runs had and this version does not (a setting since removed).</summary>
    private const string NotASetting = "not a setting of this version";

    /// <summary>
    /// While the output holds no track row, every report of a run no longer alive describes rows that are not there
    /// (killed or stopped before its first part, or its rows deleted): it is marked <c>"rows_in_output": false</c> so
    /// that later checks, made once other runs have written, do not hold its settings against them (breaker B1: a
    /// run killed at start with seed 1 refused every later seed-2 run of that output for good). Called under
    /// <see cref="SettingsLock"/>, before this run records its own report.
    /// </summary>
    public static void ForgetRunsWithoutRows(RunReports reports, Func<ShardSpec, bool> isLiveElsewhere)
    {
        if (HasRows(reports.OutputRoot)) return;
        foreach (var (report, root) in reports.Current())
        {
            if (root[NoRowsKey] is not null) continue;
            if (IsRunning(report, root, isLiveElsewhere)) continue;   // alive: about to write its rows
            try
            {
                root[NoRowsKey] = false;
                reports.Replace(report, root);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // not ours or being replaced: left as it is
        }
    }

    /// <summary>
    /// The one-line refusal for <paramref name="differences"/>, with advice that works: an output that already mixes
    /// settings (a run with <c>Run:AllowMixedSettings</c> wrote into it, or the earlier runs disagree among themselves)
    /// matches no single set of settings, so the only ways on are to mix again or to write elsewhere (known issue Q4).
    /// </summary>
    public static string Refusal(RunReports reports, IReadOnlyList<string> differences)
    {
        var outputRoot = reports.OutputRoot;
        bool rows = HasRows(outputRoot);
        var listed = string.Join(", ", differences.Take(MaxListed)) + (differences.Count > MaxListed ? $" and {differences.Count - MaxListed} more" : "");
        if (rows && AlreadyMixed(reports, differences))
            return $"{outputRoot} already holds rows made with other settings: {listed}; its earlier runs already mix settings " +
                "(one ran with --Run:AllowMixedSettings true), so no settings match them all: pass --Run:AllowMixedSettings true again " +
                "to add to that mixed output, or write into a new output folder";
        // A setting this version no longer has cannot be passed again (it is refused as unknown): no rerun of this version
        // matches those rows, so the advice is only the ways that work (breaker 6, F3).
        // A setting added since those rows were written, whose earlier behaviour this version does not know: no value of it
        // is known to match them (mend 11).
        if (differences.Any(d => d.Split(' ', 3) is [_, var before, _] && before.Split('|').Contains(NotRecorded, StringComparer.Ordinal)))
            return (rows ? $"{outputRoot} already holds rows made with other settings: " : $"{outputRoot} is being written by a run started with other settings: ")
                + listed
                + $"; settings marked '{NotRecorded}' were added since those rows were written and no value of them is known to make the same rows as then: "
                + "write into a new output folder, or set --Run:AllowMixedSettings true to add to it";
        if (differences.Any(d => d.EndsWith($"(this run: {NotASetting})", StringComparison.Ordinal)))
            return (rows ? $"{outputRoot} already holds rows made with other settings: " : $"{outputRoot} is being written by a run started with other settings: ")
                + listed
                + "; settings marked 'not a setting of this version' were removed since those rows were written, so no run of this version matches them: "
                + "write into a new output folder, or set --Run:AllowMixedSettings true to add to it (the tables then hold two schemas: read them with union_by_name)";
        // A preset edited in place cannot be passed back on the command line: the advice names the file to restore (breaker 17 F2).
        if (differences.Any(d => d.StartsWith(DetectorPresetValues.ReportKey + ":", StringComparison.OrdinalIgnoreCase)))
            return (rows ? $"{outputRoot} already holds rows made with other settings: " : $"{outputRoot} is being written by a run started with other settings: ")
                + listed
                + $"; the detector preset values named ({DetectorPresetValues.ReportKey}:FILE:ENTRY, FILE in the Detector:ConfigDirectory folder or the program's config/) "
                + "changed since: restore them, write into a new output folder, or set --Run:AllowMixedSettings true to mix them";
        return (rows ? $"{outputRoot} already holds rows made with other settings: " : $"{outputRoot} is being written by a run started with other settings: ")
            + listed
            + (rows ? "; rerun with the earlier values named above (run.json and runs/ hold every setting of those runs), write into a new output folder"
                : "; rerun with that run's settings (its report is in runs/), write into a new output folder")
            + ", or set --Run:AllowMixedSettings true to mix them";
    }

    /// <summary>Whether a run that counts wrote with <c>Run:AllowMixedSettings</c>, or one setting had two earlier values (<c>1|2</c>).</summary>
    private static bool AlreadyMixed(RunReports reports, IReadOnlyList<string> differences) =>
        differences.Any(d => d.Split(' ', 3) is [_, var before, _] && before.Contains('|', StringComparison.Ordinal))
        || reports.Current().Any(r => r.Root[NoRowsKey]?.GetValueKind() != JsonValueKind.False
            && r.Root["configuration"]?["Run"]?["AllowMixedSettings"] is JsonValue v
            && string.Equals(v.ToString(), "true", StringComparison.OrdinalIgnoreCase));

    private static bool HasRows(string outputRoot)
    {
        var tracks = Path.Combine(outputRoot, OutputLayout.Tracks);
        return Directory.Exists(tracks) && Directory.EnumerateFiles(tracks, "part-*.parquet", SearchOption.AllDirectories).Any();
    }

    [GeneratedRegex(@"-(\d+)of(\d+)-\d+\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex HistoryShard();

    /// <summary>A <c>runs/</c> report that says "running" and whose shard's lock a live process holds.</summary>
    internal static bool IsRunning(string report, JsonNode root, Func<ShardSpec, bool> isLiveElsewhere)
    {
        if (root["status"]?.GetValueKind() != JsonValueKind.String || root["status"]!.GetValue<string>() != "running") return false;
        var m = HistoryShard().Match(Path.GetFileName(report));
        return m.Success
            && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k < n && isLiveElsewhere(new ShardSpec(k, n));
    }

    private static bool IsPresetFolder(string key) =>
        string.Equals(key, $"{DetectorOptions.Section}:{nameof(DetectorOptions.ConfigDirectory)}", StringComparison.OrdinalIgnoreCase);

    private static bool RowChanging(string key) =>
        !NotRowChanging.Contains(key, StringComparer.OrdinalIgnoreCase)
        && (Keys.Contains(key, StringComparer.OrdinalIgnoreCase)
            || Sections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Same value: equal strings, or equal numbers however written (<c>0</c>, <c>0.0</c>).</summary>
    internal static bool Same(string? a, string? b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        if (string.IsNullOrEmpty(a) && string.IsNullOrEmpty(b)) return true;
        return double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
            && double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y) && x == y;
    }

    /// <summary>A list element as compared: numbers however written (<c>2</c>, <c>2.0</c>) read alike.</summary>
    private static string Element(JsonNode? x)
    {
        if (x is null) return "null";
        string text = x.GetValueKind() == JsonValueKind.String ? x.GetValue<string>() : x.ToJsonString();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : text;
    }

    /// <summary><c>Section:Key[:index]</c> -> value, as <see cref="IConfiguration"/> names them.</summary>
    internal static Dictionary<string, string?> Flatten(JsonNode node, string root = "")
    {
        var flat = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Walk(JsonNode? n, string prefix)
        {
            switch (n)
            {
                case JsonObject o:
                    // Keys starting with '_' are the shipped JSON's comments ("_why"): editing one changes no row.
                    foreach (var (k, v) in o)
                        if (!k.StartsWith('_')) Walk(v, prefix.Length == 0 ? k : $"{prefix}:{k}");
                    break;
                case JsonArray a:
                    // A list compares whole (a list that only drops the tail of an earlier one differs) and reads whole in the refusal.
                    flat[prefix] = "[" + string.Join(",", a.Select(Element)) + "]";
                    break;
                case null:
                    flat[prefix] = null;
                    break;
                default:
                    flat[prefix] = n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
                    break;
            }
        }
        Walk(node, root);
        return flat;
    }
}
