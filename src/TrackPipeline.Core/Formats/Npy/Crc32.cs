using System.Buffers.Binary;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// CRC-32 (IEEE 802.3, as in zip) over spans, slicing-by-8. SharpZipLib's Crc32 only accepts byte[],
/// and the reader's bytes live in typed arrays, so this avoids a copy.
/// </summary>
internal struct Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _state;

    public Crc32() => _state = 0xFFFFFFFFu;

    public readonly uint Value => ~_state;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var c = new Crc32();
        c.Append(data);
        return c.Value;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        uint crc = _state;
        var t = Table;
        while (data.Length >= 8)
        {
            uint a = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint b = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[7 * 256 + (a & 0xFF)] ^ t[6 * 256 + ((a >> 8) & 0xFF)] ^ t[5 * 256 + ((a >> 16) & 0xFF)] ^ t[4 * 256 + (a >> 24)]
                ^ t[3 * 256 + (b & 0xFF)] ^ t[2 * 256 + ((b >> 8) & 0xFF)] ^ t[256 + ((b >> 16) & 0xFF)] ^ t[b >> 24];
            data = data[8..];
        }
        foreach (byte x in data) crc = t[(crc ^ x) & 0xFF] ^ (crc >> 8);
        _state = crc;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        for (int i = 0; i < 256; i++)
            for (int s = 1; s < 8; s++)
                t[s * 256 + i] = t[(s - 1) * 256 + i] >> 8 ^ t[t[(s - 1) * 256 + i] & 0xFF];
        return t;
    }
}

/// <summary>
/// A read-only pass-through stream over a zip entry that computes the CRC-32 of everything read and turns
/// any failure of the decompressor (SharpZipLib throws IndexOutOfRangeException and friends on corrupt
/// deflate data) into a <see cref="TrackFormatException"/> naming the entry.
/// </summary>
internal sealed class Crc32ReadStream(Stream inner, string path, string entry) : Stream
{
    private Crc32 _crc = new();
    private long _position;

    public uint Crc => _crc.Value;
    public long BytesRead => _position;

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or TrackFormatException or OperationCanceledException))
        {
            throw new TrackFormatException(InputErrorKind.Zip, path, entry, _position,
                $"corrupt or truncated compressed data: {ex.GetType().Name}: {ex.Message}", ex);
        }
        _crc.Append(buffer[..n]);
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <summary>Reads and discards the rest of the stream (so that the CRC covers everything).</summary>
    public void Drain()
    {
        Span<byte> buf = stackalloc byte[4096];
        while (Read(buf) > 0) { }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
