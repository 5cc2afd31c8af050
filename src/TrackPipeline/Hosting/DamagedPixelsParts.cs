using Parquet;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// A pixels part of written tracks that cannot be read (truncated, overwritten): a rerun skips its tracks, so nothing
/// would ever write their pixels again, and it used to go unnoticed (exit 0; known issues, session 26 breaker12 item 6)
/// while a damaged tracks or quest-rows part is refused. It is refused too, before any work, reading only each part's footer.
/// </summary>
public static class DamagedPixelsParts
{
    /// <summary>Throws the one-line refusal for the first pixels part of a written tracks part that cannot be opened.</summary>
    public static async Task ThrowIfAnyAsync(string outputRoot, CancellationToken cancellationToken)
    {
        var pixels = Path.Combine(outputRoot, OutputLayout.Pixels);
        foreach (var file in ParquetDataset.FilesIn(pixels))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tracksPart = Path.Combine(outputRoot, OutputLayout.Tracks, Path.GetRelativePath(pixels, file));
            if (!File.Exists(tracksPart)) continue;   // a killed run's leftover: the resume deletes it (DatasetLayout.PrepareForResume)
            try
            {
                await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidDataException($"pixels part {file} cannot be read ({e.Message}): a rerun skips its tracks, so delete it " +
                    $"and its tracks part {tracksPart} and rerun (their tracks are processed again)", e);
            }
        }
    }
}
