using ICSharpCode.SharpZipLib.Zip;

namespace TrackPipeline.Formats.Npy;

/// <summary>How <see cref="NpzWriter"/> builds the archive. The defaults match <c>numpy.savez</c> (stored entries).</summary>
public sealed record NpzWriteOptions
{
    public static NpzWriteOptions Default { get; } = new();

    /// <summary>Deflate the entries (like <c>numpy.savez_compressed</c>) instead of storing them.</summary>
    public bool Compress { get; init; }

    /// <summary>Deflate level 0-9 when <see cref="Compress"/> is set.</summary>
    public int CompressionLevel { get; init; } = 6;

    /// <summary>Layout of each .npy entry.</summary>
    public NpyWriteOptions Npy { get; init; } = NpyWriteOptions.Default;
}

/// <summary>
/// Writes named arrays as a .npz (zip of <c>name.npy</c> entries) that <c>numpy.load</c> reads. Streams only: to a file,
/// <c>Output.AtomicFile.Write(path, s =&gt; NpzWriter.Write(s, arrays))</c>.
/// </summary>
public static class NpzWriter
{
    /// <summary>A fixed entry time keeps the output reproducible.</summary>
    private static readonly DateTime EntryTime = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Writes the .npz to <paramref name="stream"/> (left open).</summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, NdArray>> arrays, NpzWriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(arrays);
        options ??= NpzWriteOptions.Default;
        var entries = arrays as IReadOnlyList<KeyValuePair<string, NdArray>> ?? arrays.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in entries)
        {
            if (string.IsNullOrEmpty(name) || name.Contains('/') || name.Contains('\\'))
                throw new ArgumentException($"invalid array name '{name}'", nameof(arrays));
            if (!seen.Add(name)) throw new ArgumentException($"duplicate array name '{name}'", nameof(arrays));
        }
        if (StoredNpz.Fits(entries, options))
        {
            StoredNpz.Write(stream, entries, options.Npy);
            return;
        }
        using var zip = new ZipOutputStream(stream) { IsStreamOwner = false, UseZip64 = UseZip64.Dynamic };
        zip.SetLevel(options.Compress ? Math.Clamp(options.CompressionLevel, 0, 9) : 0);
        using var npy = new MemoryStream();
        foreach (var (name, array) in entries)
        {
            npy.SetLength(0);
            NpyWriter.Write(npy, array, options.Npy);
            var bytes = npy.GetBuffer().AsSpan(0, (int)npy.Length);
            var entry = new ZipEntry(name + ".npy")
            {
                DateTime = EntryTime,
                Size = bytes.Length,
                Crc = System.IO.Hashing.Crc32.HashToUInt32(bytes),
                CompressionMethod = options.Compress ? CompressionMethod.Deflated : CompressionMethod.Stored,
            };
            if (!options.Compress) entry.CompressedSize = bytes.Length;
            zip.PutNextEntry(entry);
            zip.Write(npy.GetBuffer(), 0, (int)npy.Length);
            zip.CloseEntry();
        }
        zip.Finish();
    }
}
