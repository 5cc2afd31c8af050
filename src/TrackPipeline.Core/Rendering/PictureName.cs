using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// The name a track's pictures go by (its picture, thumbnail and event page, and every link to them): its track id,
/// unique within one <c>&lt;particle&gt;/E&lt;energy&gt;</c> folder of the output by the rule of
/// <see cref="TrackIdentity"/> (known issue R2; the tables' <c>track_id</c> follows the same rule since breaker19 F2).
/// A row of an output written before that (a bare file stem as <c>track_id</c>) gives the same name.
/// </summary>
public static class PictureName
{
    /// <param name="trackId">The track id (or the file stem; <c>.c</c> for a compressed twin).</param>
    /// <param name="sourcePath">The path below the input root, '/' between folders (the tracks table's <c>source_path</c>).</param>
    public static string Of(string trackId, string? sourcePath) => TrackIdentity.Of(trackId, sourcePath);

    /// <summary>The picture name of a row of the tracks table (or of the quest's candidates).</summary>
    public static string Of(IReadOnlyDictionary<string, object?> row) =>
        Of((string)row[Output.TrackColumns.TrackId]!, row.GetValueOrDefault(Output.TrackColumns.SourcePath) as string);
}
