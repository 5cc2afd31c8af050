using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Row-changing settings added since run.json began recording the configuration, with the value that reproduces what the
/// program did before the key existed (mend 11; <see cref="RowSettings"/>). A report written before a key was added does
/// not record it: the resume check reads it as this value, so a new key whose shipped default changes the rows is a
/// difference instead of a silent mix. A row-changing key an older report lacks and this list does not name is refused
/// (its earlier behaviour is not known); the companion of <see cref="RemovedSettings"/>.
/// </summary>
/// <remarks>Add a row when adding a row-changing key to config/analysis.json or appsettings.json, with the value that
/// keeps the earlier rows (from the commit that added it), or none when no value does.</remarks>
public static class AddedSettings
{
    /// <summary>One added key: when, and the value that behaves as the program did before it (null: no value does).</summary>
    public sealed record Added(string Key, string When, string? Before);

    public static readonly IReadOnlyList<Added> All =
    [
        // 0812014 (issue 10 round 11): the event vertex's score made a setting, ConeShare shipped (outputs byte-identical);
        // NearMeanCosine shipped since session 24.
        new("Topology:VertexEventScore", "2026-11-28", nameof(EventVertex.Scoring.ConeShare)),
        // Added with it: NearMeanCosine's length, which ConeShare does not read (MethodSettings): no value was in use before.
        new("Topology:VertexEventScoreLengthMm", "2026-11-28", null),
        // classify11 (issue 9 round 11): the symmetric quest key asks for a two-MIP stem; no value of the two reproduces the
        // key without the factor (Phi is never exactly 1), so an older output's symmetric keys cannot be continued.
        new("Classifier:QuestStemMinMips", "2026-11-28", null),
        new("Classifier:QuestStemMipsSigma", "2026-11-28", null),
    ];

    /// <summary>The row of <paramref name="key"/> (any case), or null when it is not listed.</summary>
    public static Added? Find(string key) => All.FirstOrDefault(a => a.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
}
