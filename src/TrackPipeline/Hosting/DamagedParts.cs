using Parquet;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Parts of an output that a rerun would not repair, refused before any work (as a damaged tracks or quest-rows part is),
/// reading only each part's footer:
/// a pixels part of written tracks that cannot be read (a rerun skips its tracks, so nothing would write their pixels
/// again; known issues, session 26 breaker12 item 6), and an errors part that cannot be read (a resume carries the rows of
/// refused truth pickles forward from the error files and then deletes them: the rows would be lost for good and the
/// rerun say exit 0; session 27 breaker13 item 1).
/// </summary>
public static class DamagedParts
{
    /// <summary>
    /// Throws the one-line refusal for the first damaged pixels part, or the first damaged one of
    /// <paramref name="errorFilesToCarry"/> (the error files this run replaces: its own shard's, whose rows it carries forward;
    /// a sibling shard's files are its own business, and may be replaced by it while this run looks).
    /// </summary>
    public static async Task ThrowIfAnyAsync(string outputRoot, IEnumerable<string> errorFilesToCarry, CancellationToken cancellationToken)
    {
        var pixels = Path.Combine(outputRoot, OutputLayout.Pixels);
        foreach (var file in ParquetDataset.FilesIn(pixels))
        {
            var tracksPart = Path.Combine(outputRoot, OutputLayout.Tracks, Path.GetRelativePath(pixels, file));
            if (!File.Exists(tracksPart)) continue;   // a killed run's leftover: the resume deletes it (DatasetLayout.PrepareForResume)
            if (await ProblemAsync(file, cancellationToken) is { } problem)
                throw new InvalidDataException($"pixels part {file} cannot be read ({problem}): a rerun skips its tracks, so delete it " +
                    $"and its tracks part {tracksPart} and rerun (their tracks are processed again)");
        }
        foreach (var file in errorFilesToCarry)
            if (await ProblemAsync(file, cancellationToken) is { } problem)
                throw new InvalidDataException(Pipeline.TruthOnlyRows.UnreadableErrorsPart(file, problem));
    }

    private static async Task<string?> ProblemAsync(string file, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Gone meanwhile (a killed run's leftover removed by a sibling's resume): nothing is damaged.
            return File.Exists(file) ? e.Message : null;
        }
    }
}
