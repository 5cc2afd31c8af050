using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// The few central-directory fields <see cref="System.IO.Compression.ZipArchiveEntry"/> keeps private: each
/// entry's compression method and local header offset. Reads only the end-of-central-directory record (zip64
/// aware) and the central directory itself, in archive order. Called after <c>ZipArchive</c> has accepted the
/// archive, so a failure here is still reported as a zip error, never thrown raw.
/// </summary>
internal static class ZipCentralDirectory
{
    public const int Stored = 0;
    public const int Deflated = 8;

    public readonly record struct Record(string Name, int Method, long LocalHeaderOffset);

    private const uint EocdSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EocdSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50;
    private const int EocdLength = 22;

    public static string MethodName(int method) => method switch
    {
        0 => "stored", 1 => "shrunk", 6 => "imploded", 8 => "deflated", 9 => "deflate64", 12 => "bzip2",
        14 => "LZMA", 93 => "zstd", 95 => "xz", 98 => "PPMd", 99 => "AES-encrypted",
        _ => "unknown",
    };

    public static IReadOnlyList<Record> Read(Stream stream, string path)
    {
        try
        {
            return ReadCore(stream, path);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or NotSupportedException)
        {
            throw NpzReader.ZipError(path, null, null, $"cannot read the central directory: {ex.Message}", ex);
        }
    }

    private static List<Record> ReadCore(Stream stream, string path)
    {
        long length = stream.Length;
        int tailLength = (int)Math.Min(length, EocdLength + ushort.MaxValue + 20);
        long tailStart = length - tailLength;
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        long cdOffset, cdSize;
        try
        {
            stream.Position = tailStart;
            stream.ReadExactly(tail, 0, tailLength);
            var t = tail.AsSpan(0, tailLength);
            int eocd = -1;
            for (int i = tailLength - EocdLength; i >= 0; i--)
                if (BinaryPrimitives.ReadUInt32LittleEndian(t[i..]) == EocdSignature) { eocd = i; break; }
            if (eocd < 0) throw Error(path, null, "no end-of-central-directory record");
            cdSize = BinaryPrimitives.ReadUInt32LittleEndian(t[(eocd + 12)..]);
            cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(t[(eocd + 16)..]);

            long locator = eocd - 20;
            if (locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(t[(int)locator..]) == Zip64LocatorSignature)
            {
                long z64 = BinaryPrimitives.ReadInt64LittleEndian(t[((int)locator + 8)..]);
                if (z64 < 0 || z64 + 56 > length) throw Error(path, null, $"zip64 end record offset {z64} is outside the archive");
                Span<byte> rec = stackalloc byte[56];
                stream.Position = z64;
                stream.ReadExactly(rec);
                if (BinaryPrimitives.ReadUInt32LittleEndian(rec) != Zip64EocdSignature)
                    throw Error(path, z64, "bad zip64 end-of-central-directory signature");
                cdSize = BinaryPrimitives.ReadInt64LittleEndian(rec[40..]);
                cdOffset = BinaryPrimitives.ReadInt64LittleEndian(rec[48..]);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(tail); }

        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > length || cdSize > Array.MaxLength)
            throw Error(path, cdOffset, $"central directory ({cdSize} bytes at {cdOffset}) does not fit in the archive ({length} bytes)");

        var records = new List<Record>(4);
        var buf = ArrayPool<byte>.Shared.Rent((int)Math.Max(cdSize, 1));
        try
        {
            stream.Position = cdOffset;
            stream.ReadExactly(buf, 0, (int)cdSize);
            var cd = buf.AsSpan(0, (int)cdSize);
            int p = 0;
            while (p + 46 <= cd.Length && BinaryPrimitives.ReadUInt32LittleEndian(cd[p..]) == CentralSignature)
            {
                var r = cd[p..];
                int method = BinaryPrimitives.ReadUInt16LittleEndian(r[10..]);
                uint csize32 = BinaryPrimitives.ReadUInt32LittleEndian(r[20..]);
                uint size32 = BinaryPrimitives.ReadUInt32LittleEndian(r[24..]);
                int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(r[28..]);
                int extraLen = BinaryPrimitives.ReadUInt16LittleEndian(r[30..]);
                int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(r[32..]);
                uint offset32 = BinaryPrimitives.ReadUInt32LittleEndian(r[42..]);
                int recordLength = 46 + nameLen + extraLen + commentLen;
                if (recordLength > r.Length)
                    throw Error(path, cdOffset + p, "central directory record runs past the central directory");
                string name = Encoding.UTF8.GetString(r.Slice(46, nameLen));
                long offset = offset32;
                if (offset32 == uint.MaxValue)
                    offset = Zip64Offset(r.Slice(46 + nameLen, extraLen), size32 == uint.MaxValue, csize32 == uint.MaxValue)
                        ?? throw Error(path, cdOffset + p, $"entry '{name}' needs a zip64 offset but has none");
                records.Add(new Record(name, method, offset));
                p += recordLength;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buf); }
        return records;
    }

    /// <summary>The local header offset from a zip64 extra field (0x0001): size and csize come first when present.</summary>
    private static long? Zip64Offset(ReadOnlySpan<byte> extra, bool hasSize, bool hasCompressedSize)
    {
        while (extra.Length >= 4)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int len = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + len > extra.Length) return null;
            if (id == 1)
            {
                int at = (hasSize ? 8 : 0) + (hasCompressedSize ? 8 : 0);
                return at + 8 <= len ? BinaryPrimitives.ReadInt64LittleEndian(extra[(4 + at)..]) : null;
            }
            extra = extra[(4 + len)..];
        }
        return null;
    }

    private static TrackFormatException Error(string path, long? offset, string problem) =>
        NpzReader.ZipError(path, null, offset, problem);
}
