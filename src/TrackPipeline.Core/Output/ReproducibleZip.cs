using System.IO.Compression;

namespace TrackPipeline.Output;

/// <summary>
/// A zip archive whose bytes follow from its content alone. A zip entry carries the time it was written, so a library
/// that writes archives (ML.NET's model files) gives different bytes on every save of the same model: a retrained model
/// could not be told identical to the one before by its digest (run.json's <c>classifier_model_sha256</c>), nor by
/// <c>cmp</c>. Every entry's time is set to <see cref="EntryTime"/>; names, order, data and compression are kept.
/// </summary>
public static class ReproducibleZip
{
    /// <summary>
    /// The time written into every entry: noon of a fixed date inside the zip format's range (1980-2107, in local time), far
    /// from its ends so that no time zone moves it out. It says nothing; when the content was made belongs in its
    /// provenance (the model's classifier.json).
    /// </summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Writes to <paramref name="destination"/> the zip archive <paramref name="write"/> produces, with every entry's
    /// time set to <see cref="EntryTime"/>.
    /// </summary>
    public static void Write(Stream destination, Action<Stream> write)
    {
        // A model file is a few MB: composed in memory, its entries re-dated, then copied out.
        using var buffer = new MemoryStream();
        write(buffer);
        buffer.Position = 0;
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
            foreach (var entry in archive.Entries)
                entry.LastWriteTime = EntryTime;
        buffer.Position = 0;
        buffer.CopyTo(destination);
    }
}
