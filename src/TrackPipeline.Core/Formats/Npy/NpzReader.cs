using System.Buffers;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// Reads every array of a .npz (a zip of .npy entries, stored or deflated, zip64 allowed) with SharpZipLib.
/// Each entry is inflated straight into its destination array and its CRC-32 is verified. Archive problems
/// (truncation, bad CRC, bad local header, unsupported compression, duplicate names, non-.npy entries) are
/// <see cref="InputErrorKind.Zip"/> errors; problems inside an entry are <see cref="InputErrorKind.Npy"/>.
/// </summary>
public static class NpzReader
{
    /// <summary>Deflate cannot expand data more than about 1032:1; a larger declared size is a lie.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>Reads all arrays of the .npz at <paramref name="path"/>; keys are entry names without ".npy".</summary>
    public static Dictionary<string, NdArray> ReadAll(string path)
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
            return ReadAll(ms, path);
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
    public static Dictionary<string, NdArray> ReadAll(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }

        if (stream.Length - stream.Position < 22)
            throw new TrackFormatException(InputErrorKind.Zip, path, null, stream.Length,
                $"not a zip archive: {stream.Length - stream.Position} bytes is shorter than an end-of-central-directory record (truncated file?)");

        ZipFile zip;
        try
        {
            zip = new ZipFile(stream, leaveOpen: true);
        }
        catch (Exception ex) when (IsZipFailure(ex))
        {
            throw new TrackFormatException(InputErrorKind.Zip, path, null, null, $"not a readable zip archive: {ex.Message}", ex);
        }

        using (zip)
        {
            long archiveLength = stream.Length;
            var result = new Dictionary<string, NdArray>(4, StringComparer.Ordinal);
            foreach (ZipEntry e in zip)
            {
                string name = e.Name;
                if (!e.IsFile || !name.EndsWith(".npy", StringComparison.Ordinal))
                    throw ZipError(path, name, e.Offset, "entry is not a .npy array (an .npz holds only *.npy entries)");
                string key = name[..^4];
                if (result.ContainsKey(key))
                    throw ZipError(path, name, e.Offset, "duplicate entry name");
                if (e.IsCrypted)
                    throw ZipError(path, name, e.Offset, "entry is encrypted");
                if (e.CompressionMethod is not (CompressionMethod.Stored or CompressionMethod.Deflated))
                    throw ZipError(path, name, e.Offset, $"unsupported compression method {(int)e.CompressionMethod} ({e.CompressionMethod}); only stored and deflated are supported");
                long size = e.Size, csize = e.CompressedSize;
                if (csize < 0 || e.Offset < 0 || e.Offset + csize > archiveLength)
                    throw ZipError(path, name, e.Offset, $"entry data ({csize} bytes at {e.Offset}) runs past the end of the archive ({archiveLength} bytes): truncated file?");
                if (e.CompressionMethod == CompressionMethod.Stored && size >= 0 && size != csize)
                    throw ZipError(path, name, e.Offset, $"stored entry declares {size} bytes but occupies {csize}");
                if (e.CompressionMethod == CompressionMethod.Deflated && size > csize * MaxDeflateRatio + 1024)
                    throw ZipError(path, name, e.Offset, $"declared uncompressed size {size} is impossible for {csize} deflated bytes");

                result.Add(key, ReadEntry(zip, e, path));
            }
            return result;
        }
    }

    private static NdArray ReadEntry(ZipFile zip, ZipEntry e, string path)
    {
        Stream raw;
        try
        {
            raw = zip.GetInputStream(e);
        }
        catch (Exception ex) when (IsZipFailure(ex))
        {
            throw ZipError(path, e.Name, e.Offset, $"cannot open entry: {ex.Message}", ex);
        }

        using (raw)
        {
            var crcStream = new Crc32ReadStream(raw, path, e.Name);
            NdArray array;
            try
            {
                array = NpyReader.Read(crcStream, e.Size, path, e.Name);
            }
            catch (TrackFormatException npy) when (npy.Kind == InputErrorKind.Npy)
            {
                // A corrupt payload usually shows first as a nonsensical header: report the CRC if it is wrong.
                bool drained;
                try { crcStream.Drain(); drained = true; }
                catch (TrackFormatException) { drained = false; }
                if (drained && e.HasCrc && crcStream.Crc != (uint)e.Crc)
                    throw ZipError(path, e.Name, null, $"CRC-32 mismatch: data has 0x{crcStream.Crc:X8}, archive says 0x{(uint)e.Crc:X8} (corrupt entry)", npy);
                throw;
            }
            if (e.HasCrc && crcStream.Crc != (uint)e.Crc)
                throw ZipError(path, e.Name, null, $"CRC-32 mismatch: data has 0x{crcStream.Crc:X8}, archive says 0x{(uint)e.Crc:X8} (corrupt entry)");
            return array;
        }
    }

    private static bool IsZipFailure(Exception ex) =>
        ex is SharpZipBaseException or IOException or InvalidDataException or NotSupportedException
            or ArgumentException or IndexOutOfRangeException or EndOfStreamException;

    private static TrackFormatException ZipError(string path, string entry, long? offset, string problem, Exception? inner = null) =>
        new(InputErrorKind.Zip, path, entry, offset, problem, inner);
}
