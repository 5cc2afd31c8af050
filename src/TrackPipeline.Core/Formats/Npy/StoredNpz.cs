using System.Buffers.Binary;
using System.Text;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// The common case of <see cref="NpzWriter"/> written directly: stored (not deflated) entries, little-endian C-order
/// arrays, an archive below 4 GB. The bytes are exactly those SharpZipLib's <c>ZipOutputStream</c> wrote for it
/// (the same headers field by field: version 1.0 to extract, made by 5.1, the UTF-8 name flag, the 1980-01-01 time, no
/// extra fields, no zip64), checked by md5 on generated tracks. What it saves: each array's bytes were copied into a
/// <c>MemoryStream</c> first and SharpZipLib ran its own table-driven CRC-32 over them although the CRC was already
/// set; here the CRC is one vectorised pass (System.IO.Hashing) and the array goes from its memory to the stream.
/// Anything else (deflate, big-endian, Fortran order, zip64 sizes, non-ASCII names) goes through SharpZipLib.
/// </summary>
internal static class StoredNpz
{
    private const uint LocalHeaderSignature = 0x04034b50, CentralHeaderSignature = 0x02014b50, EndSignature = 0x06054b50;
    private const ushort VersionNeeded = 10;       // 1.0: stored entries
    private const ushort VersionMadeBy = 51;       // 5.1, MS-DOS attributes: what SharpZipLib 1.4 writes
    private const ushort Utf8NameFlag = 0x0800;    // general-purpose bit 11
    private const ushort DosDate19800101 = (0 << 9) | (1 << 5) | 1, DosTimeMidnight = 0;
    private const int LocalHeaderSize = 30, CentralHeaderSize = 46, EndSize = 22;

    /// <summary>Whether <see cref="Write"/> handles these arrays with these options.</summary>
    public static bool Fits(IReadOnlyList<KeyValuePair<string, NdArray>> arrays, NpzWriteOptions options)
    {
        if (options.Compress || options.Npy.BigEndian || options.Npy.FortranOrder || !BitConverter.IsLittleEndian) return false;
        if (arrays.Count > ushort.MaxValue) return false;
        long offset = 0, central = 0;
        foreach (var (name, array) in arrays)
        {
            if (!Ascii.IsValid(name)) return false;
            long size = NpyWriter.BuildHeader(array.ElementType, array.Shape, options.Npy).Length + (long)NpyElementOps.AsBytes(array.Data).Length;
            if (size >= uint.MaxValue) return false;
            offset += LocalHeaderSize + EntryName(name).Length + size;
            central += CentralHeaderSize + EntryName(name).Length;
        }
        return offset + central + EndSize < uint.MaxValue;
    }

    /// <summary>Writes the archive (the arrays validated and <see cref="Fits"/> checked by the caller).</summary>
    public static void Write(Stream stream, IReadOnlyList<KeyValuePair<string, NdArray>> arrays, NpyWriteOptions npy)
    {
        var entries = new (byte[] Name, uint Crc, uint Size, uint Offset)[arrays.Count];
        Span<byte> header = stackalloc byte[CentralHeaderSize];
        uint offset = 0;
        for (int k = 0; k < arrays.Count; k++)
        {
            var (name, array) = arrays[k];
            var entryName = EntryName(name);
            var npyHeader = NpyWriter.BuildHeader(array.ElementType, array.Shape, npy);
            ReadOnlySpan<byte> data = NpyElementOps.AsBytes(array.Data);
            var crc = new System.IO.Hashing.Crc32();
            crc.Append(npyHeader);
            crc.Append(data);
            uint checksum = crc.GetCurrentHashAsUInt32();
            uint size = (uint)(npyHeader.Length + data.Length);

            var h = header[..LocalHeaderSize];
            BinaryPrimitives.WriteUInt32LittleEndian(h, LocalHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], Utf8NameFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(h[8..], 0); // stored
            BinaryPrimitives.WriteUInt16LittleEndian(h[10..], DosTimeMidnight);
            BinaryPrimitives.WriteUInt16LittleEndian(h[12..], DosDate19800101);
            BinaryPrimitives.WriteUInt32LittleEndian(h[14..], checksum);
            BinaryPrimitives.WriteUInt32LittleEndian(h[18..], size); // compressed = uncompressed
            BinaryPrimitives.WriteUInt32LittleEndian(h[22..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(h[26..], (ushort)entryName.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(h[28..], 0); // no extra field
            stream.Write(h);
            stream.Write(entryName);
            stream.Write(npyHeader);
            stream.Write(data);
            entries[k] = (entryName, checksum, size, offset);
            offset += (uint)(LocalHeaderSize + entryName.Length) + size;
        }

        uint centralStart = offset;
        foreach (var (entryName, checksum, size, entryOffset) in entries)
        {
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, CentralHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], VersionMadeBy);
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], VersionNeeded);
            BinaryPrimitives.WriteUInt16LittleEndian(header[8..], Utf8NameFlag);
            BinaryPrimitives.WriteUInt16LittleEndian(header[12..], DosTimeMidnight);
            BinaryPrimitives.WriteUInt16LittleEndian(header[14..], DosDate19800101);
            BinaryPrimitives.WriteUInt32LittleEndian(header[16..], checksum);
            BinaryPrimitives.WriteUInt32LittleEndian(header[20..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(header[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)entryName.Length);
            // extra, comment, disk, internal and external attributes: all 0
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], entryOffset);
            stream.Write(header);
            stream.Write(entryName);
            offset += (uint)(CentralHeaderSize + entryName.Length);
        }

        var end = header[..EndSize];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Length);  // entries on this disk
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Length); // entries in all
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], offset - centralStart);  // central directory size
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], centralStart);
        stream.Write(end);
    }

    private static byte[] EntryName(string name) => Encoding.ASCII.GetBytes(name + ".npy");
}
