using System.Buffers;
using System.IO.Compression;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// Reads every array of a .npz (a zip of .npy entries, stored or deflated, zip64 allowed) with
/// <see cref="ZipArchive"/> (native zlib-ng inflate). Each entry is inflated straight into its destination
/// array and its CRC-32 is verified by us (<see cref="Crc32ReadStream"/>): <see cref="ZipArchive"/> itself does
/// not check it. Archive problems (truncation, bad CRC, bad local header, unsupported compression, duplicate
/// names, non-.npy entries, impossible sizes) are <see cref="InputErrorKind.Zip"/> errors; problems inside an
/// entry are <see cref="InputErrorKind.Npy"/>. See docs/benchmarks/npz-zip-library.md for why this library.
/// </summary>
public static class NpzReader
{
    /// <summary>Deflate cannot expand data more than about 1032:1; a larger declared size is a lie.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Reads all arrays of the .npz at <paramref name="path"/>; keys are entry names without ".npy". An archive whose
    /// entries declare more than <paramref name="maxDeclaredBytes"/> bytes in total is refused
    /// (<see cref="InputErrorKind.TooLarge"/>) before anything is inflated: a few MB of deflated zeros can declare GBs.
    /// </summary>
    public static Dictionary<string, NdArray> ReadAll(string path) => ReadAll(path, long.MaxValue);

    /// <inheritdoc cref="ReadAll(string)"/>
    public static Dictionary<string, NdArray> ReadAll(string path, long maxDeclaredBytes) => ReadAll(path, maxDeclaredBytes, narrowedToInt32: null);

    /// <summary>
    /// As <see cref="ReadAll(string, long)"/>; the entry named <paramref name="narrowedToInt32"/> (a key, without ".npy"),
    /// when it is a one-dimensional int64 array, is narrowed to int32 while it is inflated as long as its values fit
    /// (<see cref="NpyReader.Read(Stream, long, string, string, bool)"/>).
    /// </summary>
    public static Dictionary<string, NdArray> ReadAll(string path, long maxDeclaredBytes, string? narrowedToInt32)
    {
        byte[]? buffer = null;
        try
        {
            int length;
            try
            {
                using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
                long len = fs.Length;
                if (len > Array.MaxLength)
                    throw new TrackFormatException(InputErrorKind.Io, path, null, null, $"file is too large ({len} bytes)");
                length = (int)len;
                buffer = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                fs.ReadExactly(buffer, 0, length);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new TrackFormatException(InputErrorKind.Io, path, null, null, $"cannot read file: {ex.Message}", ex);
            }
            using var ms = new MemoryStream(buffer, 0, length, writable: false);
            return ReadAll(ms, path, maxDeclaredBytes, narrowedToInt32);
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads all arrays of a .npz from <paramref name="stream"/> (left open). A non-seekable stream is buffered
    /// in memory first. <paramref name="path"/> only names the input in error messages.
    /// </summary>
    public static Dictionary<string, NdArray> ReadAll(Stream stream, string path) => ReadAll(stream, path, long.MaxValue);

    /// <inheritdoc cref="ReadAll(Stream, string)"/>
    public static Dictionary<string, NdArray> ReadAll(Stream stream, string path, long maxDeclaredBytes) =>
        ReadAll(stream, path, maxDeclaredBytes, narrowedToInt32: null);

    private static Dictionary<string, NdArray> ReadAll(Stream stream, string path, long maxDeclaredBytes, string? narrowedToInt32)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        long archiveLength = stream.Length;
        if (archiveLength - stream.Position < 22)
            throw new TrackFormatException(InputErrorKind.Zip, path, null, archiveLength,
                $"not a zip archive: {archiveLength - stream.Position} bytes is shorter than an end-of-central-directory record (truncated file?)");

        ZipArchive zip;
        IReadOnlyList<ZipCentralDirectory.Record> records;
        long archiveStart = stream.Position;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (IsZipFailure(ex))
        {
            throw new TrackFormatException(InputErrorKind.Zip, path, null, null, $"not a readable zip archive: {ex.Message}{CutShort(stream, archiveStart)}", ex);
        }

        using (zip)
        {
            // ZipArchive does not expose an entry's compression method or local header offset: read them from the
            // central directory ourselves (same records, same order as zip.Entries).
            records = ZipCentralDirectory.Read(stream, path);
            var entries = zip.Entries;
            if (records.Count != entries.Count)
                throw new TrackFormatException(InputErrorKind.Zip, path, null, null,
                    $"central directory lists {records.Count} entries, the archive reader found {entries.Count}");

            long declared = 0;
            foreach (var e in entries) declared += Math.Max(e.Length, 0);
            if (declared > maxDeclaredBytes)
                throw new TrackFormatException(InputErrorKind.TooLarge, path, null, null,
                    $"entries declare {declared:N0} bytes of arrays, more than the limit of {maxDeclaredBytes:N0} bytes (Run:MemoryBudgetMb); not inflated");

            var result = new Dictionary<string, NdArray>(4, StringComparer.Ordinal);
            for (int i = 0; i < entries.Count; i++)
            {
                var e = entries[i];
                var rec = records[i];
                string name = e.FullName;
                long offset = rec.LocalHeaderOffset;
                if (name != rec.Name)
                    throw ZipError(path, name, offset, $"central directory record {i} is named '{rec.Name}'");
                if (name.EndsWith('/') || !name.EndsWith(".npy", StringComparison.Ordinal))
                    throw ZipError(path, name, offset, "entry is not a .npy array (an .npz holds only *.npy entries)");
                string key = name[..^4];
                if (result.ContainsKey(key))
                    throw ZipError(path, name, offset, "duplicate entry name");
                if (e.IsEncrypted)
                    throw ZipError(path, name, offset, "entry is encrypted");
                if (rec.Method is not (ZipCentralDirectory.Stored or ZipCentralDirectory.Deflated))
                    throw ZipError(path, name, offset, $"unsupported compression method {rec.Method} ({ZipCentralDirectory.MethodName(rec.Method)}); only stored and deflated are supported");
                long size = e.Length, csize = e.CompressedLength;
                if (csize < 0 || offset < 0 || offset + csize > archiveLength)
                    throw ZipError(path, name, offset, $"entry data ({csize} bytes at {offset}) runs past the end of the archive ({archiveLength} bytes): truncated file?");
                if (rec.Method == ZipCentralDirectory.Stored && size != csize)
                    throw ZipError(path, name, offset, $"stored entry declares {size} bytes but occupies {csize}");
                if (rec.Method == ZipCentralDirectory.Deflated && size > csize * MaxDeflateRatio + 1024)
                    throw ZipError(path, name, offset, $"declared uncompressed size {size} is impossible for {csize} deflated bytes");

                result.Add(key, ReadEntry(e, offset, path, narrowToInt32: key == narrowedToInt32));
            }
            return result;
        }
    }

    /// <summary>
    /// The total uncompressed size the entries of the .npz at <paramref name="path"/> declare, from the central
    /// directory alone (nothing is inflated). What admission to a run's memory budget is based on.
    /// </summary>
    public static long DeclaredBytes(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
            using var zip = new ZipArchive(fs, ZipArchiveMode.Read, leaveOpen: false);
            long declared = 0;
            foreach (var e in zip.Entries) declared += Math.Max(e.Length, 0);
            return declared;
        }
        catch (Exception ex) when (IsZipFailure(ex) || ex is UnauthorizedAccessException)
        {
            string cut = "";
            try
            {
                using var again = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096);
                cut = CutShort(again, 0);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw new TrackFormatException(InputErrorKind.Zip, path, null, null, $"not a readable zip archive: {ex.Message}{cut}", ex);
        }
    }

    /// <summary>
    /// " (it starts as a zip archive, N bytes: truncated file?)" when the archive's first bytes are a zip entry's header:
    /// a copy cut short (the end-of-central-directory record is the last thing written), which the archive reader's own
    /// message does not say (mend 11).
    /// </summary>
    private static string CutShort(Stream stream, long archiveStart)
    {
        if (!stream.CanSeek || stream.Length - archiveStart < 4) return "";
        Span<byte> start = stackalloc byte[4];
        long at = stream.Position;
        try
        {
            stream.Position = archiveStart;
            stream.ReadExactly(start);
        }
        catch (IOException) { return ""; }
        finally { stream.Position = at; }
        return start.SequenceEqual("PK\u0003\u0004"u8) ? $" (it starts as a zip archive, {stream.Length - archiveStart:N0} bytes: truncated file?)" : "";
    }

    private static NdArray ReadEntry(ZipArchiveEntry e, long offset, string path, bool narrowToInt32)
    {
        Stream raw;
        try
        {
            raw = e.Open(); // checks the local header (signature, sizes within the archive)
        }
        catch (Exception ex) when (IsZipFailure(ex))
        {
            throw ZipError(path, e.FullName, offset, $"cannot open entry (bad local header?): {ex.Message}", ex);
        }

        using (raw)
        {
            var crcStream = new Crc32ReadStream(raw, path, e.FullName);
            uint expected = e.Crc32;
            NdArray array;
            try
            {
                array = NpyReader.Read(crcStream, e.Length, path, e.FullName, narrowToInt32);
            }
            catch (TrackFormatException npy) when (npy.Kind == InputErrorKind.Npy)
            {
                // A corrupt payload usually shows first as a nonsensical header: report the CRC if it is wrong.
                bool drained;
                try { crcStream.Drain(); drained = true; }
                catch (TrackFormatException) { drained = false; }
                if (drained && crcStream.Crc != expected)
                    throw ZipError(path, e.FullName, null, $"CRC-32 mismatch: data has 0x{crcStream.Crc:X8}, archive says 0x{expected:X8} (corrupt entry)", npy);
                throw;
            }
            if (crcStream.Crc != expected)
                throw ZipError(path, e.FullName, null, $"CRC-32 mismatch: data has 0x{crcStream.Crc:X8}, archive says 0x{expected:X8} (corrupt entry)");
            return array;
        }
    }

    private static bool IsZipFailure(Exception ex) =>
        ex is IOException or InvalidDataException or NotSupportedException
            or ArgumentException or IndexOutOfRangeException;

    internal static TrackFormatException ZipError(string path, string? entry, long? offset, string problem, Exception? inner = null) =>
        new(InputErrorKind.Zip, path, entry, offset, problem, inner);
}
