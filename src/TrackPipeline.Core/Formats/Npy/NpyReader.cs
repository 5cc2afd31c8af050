using System.Buffers;

namespace TrackPipeline.Formats.Npy;

/// <summary>
/// Reads one .npy array into an <see cref="NdArray"/> (C order, native endianness). Every problem is a
/// <see cref="TrackFormatException"/> of kind <see cref="InputErrorKind.Npy"/> naming the file, the entry and
/// the byte offset within the entry.
/// </summary>
public static class NpyReader
{
    /// <summary>Reads a complete .npy held in memory.</summary>
    public static NdArray Read(ReadOnlySpan<byte> npyBytes, string path, string entry)
    {
        var h = NpyHeader.Parse(npyBytes, path, entry);
        CheckDataLength(h, npyBytes.Length - (long)h.DataOffset, path, entry);
        var data = NpyElementOps.Allocate(h.ElementType, (int)h.ElementCount);
        var dst = NpyElementOps.AsBytes(data);
        var src = npyBytes.Slice(h.DataOffset, dst.Length);
        if (h.FortranOrder && h.Shape.Length >= 2)
        {
            if (h.NeedsByteSwap)
            {
                // Swap a private copy, never the caller's bytes.
                var tmp = ArrayPool<byte>.Shared.Rent(dst.Length);
                try
                {
                    var t = tmp.AsSpan(0, dst.Length);
                    src.CopyTo(t);
                    NpyElementOps.ReverseEndianness(t, h.ItemSize);
                    NpyElementOps.ReorderBytes(t, dst, h.ItemSize, h.Shape, toC: true);
                }
                finally { ArrayPool<byte>.Shared.Return(tmp); }
            }
            else NpyElementOps.ReorderBytes(src, dst, h.ItemSize, h.Shape, toC: true);
        }
        else
        {
            src.CopyTo(dst);
            if (h.NeedsByteSwap) NpyElementOps.ReverseEndianness(dst, h.ItemSize);
        }
        if (h.ElementType == NdElementType.Bool) NpyElementOps.NormalizeBools(dst);
        return new NdArray(h.ElementType, h.Shape, data);
    }

    /// <summary>
    /// Reads a .npy from <paramref name="stream"/> (e.g. a zip entry) straight into the destination array.
    /// <paramref name="length"/> is the number of bytes the .npy occupies in the stream (for a zip entry, its
    /// uncompressed size); it is checked against the header before anything large is allocated, and the
    /// stream must hold exactly that many bytes. Pass -1 when unknown: a seekable stream's remaining length is
    /// used, otherwise the stream is buffered first.
    /// </summary>
    public static NdArray Read(Stream stream, long length, string path, string entry) => Read(stream, length, path, entry, narrowToInt32: false);

    /// <summary>
    /// As <see cref="Read(Stream, long, string, string)"/>; with <paramref name="narrowToInt32"/>, a one-dimensional int64
    /// array is narrowed to int32 while it is inflated (an <see cref="NdElementType.Int32"/> array, no int64 copy made) as
    /// long as every value fits; from the first value that does not, it is read as stored (int64), so a caller's range
    /// check sees the very value the file holds. Other arrays are read as stored.
    /// </summary>
    public static NdArray Read(Stream stream, long length, string path, string entry, bool narrowToInt32)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (length < 0)
        {
            if (stream.CanSeek) length = stream.Length - stream.Position;
            else
            {
                using var ms = new MemoryStream();
                stream.CopyTo(ms);
                return Read(ms.GetBuffer().AsSpan(0, (int)ms.Length), path, entry);
            }
        }

        Span<byte> pre = stackalloc byte[NpyHeader.MaxPreambleLength];
        int got = ReadAtMost(stream, pre[..10], path, entry, 0);
        int preLen = got >= 7 && pre[6] >= 2 ? 12 : 10;
        if (got == 10 && preLen == 12) got += ReadAtMost(stream, pre[10..12], path, entry, 10);
        int dataOffset = NpyHeader.ReadDataOffset(pre[..got], path, entry);
        if (dataOffset > length)
            throw NpyHeader.Error(path, entry, length, $"truncated header: declares {dataOffset} header bytes, the entry has {length}");

        NpyHeader h;
        var headerBuf = ArrayPool<byte>.Shared.Rent(dataOffset);
        try
        {
            pre[..preLen].CopyTo(headerBuf);
            int n = preLen + ReadAtMost(stream, headerBuf.AsSpan(preLen, dataOffset - preLen), path, entry, preLen);
            h = NpyHeader.Parse(headerBuf.AsSpan(0, n), path, entry);
        }
        finally { ArrayPool<byte>.Shared.Return(headerBuf); }

        CheckDataLength(h, length - h.DataOffset, path, entry);
        var array = narrowToInt32 && h.ElementType == NdElementType.Int64 && h.Shape.Length == 1
            ? ReadNarrowedToInt32(stream, h, path, entry)
            : ReadAsStored(stream, h, path, entry);

        // The stream must end exactly where the data does.
        Span<byte> one = stackalloc byte[1];
        if (ReadAtMost(stream, one, path, entry, length) != 0)
            throw NpyHeader.Error(path, entry, length, $"trailing bytes after the {h.DataLength} data bytes the header declares");
        return array;
    }

    /// <summary>The data as the header declares it, in C order and native endianness.</summary>
    private static NdArray ReadAsStored(Stream stream, NpyHeader h, string path, string entry)
    {
        var data = NpyElementOps.Allocate(h.ElementType, (int)h.ElementCount);
        var dst = NpyElementOps.AsBytes(data);
        if (h.FortranOrder && h.Shape.Length == 2 && h.ElementCount > 0)
        {
            ReadFortranMatrix(stream, dst, h, path, entry);
        }
        else if (h.FortranOrder && h.Shape.Length > 2)
        {
            var tmp = ArrayPool<byte>.Shared.Rent(dst.Length);
            try
            {
                var t = tmp.AsSpan(0, dst.Length);
                ReadData(stream, t, h, path, entry);
                if (h.NeedsByteSwap) NpyElementOps.ReverseEndianness(t, h.ItemSize);
                NpyElementOps.ReorderBytes(t, dst, h.ItemSize, h.Shape, toC: true);
            }
            finally { ArrayPool<byte>.Shared.Return(tmp); }
        }
        else
        {
            ReadData(stream, dst, h, path, entry);
            if (h.NeedsByteSwap) NpyElementOps.ReverseEndianness(dst, h.ItemSize);
        }
        if (h.ElementType == NdElementType.Bool) NpyElementOps.NormalizeBools(dst);
        return new NdArray(h.ElementType, h.Shape, data);
    }

    /// <summary>
    /// Reads a one-dimensional int64 array in pooled chunks straight into an int32 array (a track's electron counts: the
    /// int64 array the file stores would be garbage at once, a quarter of what reading a track allocates). At the first
    /// value outside int32 the values so far are widened into an int64 array and the rest is read into it as stored.
    /// </summary>
    private static NdArray ReadNarrowedToInt32(Stream stream, NpyHeader h, string path, string entry)
    {
        int n = (int)h.ElementCount;
        var narrow = GC.AllocateUninitializedArray<int>(n); // every element set below, or the read fails
        long[]? wide = null;
        var buf = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long offset = h.DataOffset;
            for (int i = 0; i < n;)
            {
                int count = Math.Min(ChunkBytes / sizeof(long), n - i);
                var chunk = buf.AsSpan(0, count * sizeof(long));
                int got = ReadAtMost(stream, chunk, path, entry, offset);
                if (got < chunk.Length)
                    throw NpyHeader.Error(path, entry, offset + got,
                        $"data shorter than declared: {offset + got - h.DataOffset} of {h.DataLength} bytes for {h.Descr} shape ({n})");
                offset += got;
                if (h.NeedsByteSwap) NpyElementOps.ReverseEndianness(chunk, sizeof(long));
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(chunk);
                if (wide is null)
                {
                    int fitted = NpyElementOps.NarrowToInt32(values, narrow.AsSpan(i, count));
                    if (fitted < count)
                    {
                        wide = GC.AllocateUninitializedArray<long>(n);
                        for (int k = 0; k < i + fitted; k++) wide[k] = narrow[k];
                        values[fitted..].CopyTo(wide.AsSpan(i + fitted));
                    }
                }
                else values.CopyTo(wide.AsSpan(i));
                i += count;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buf); }
        return wide is null ? new NdArray(NdElementType.Int32, h.Shape, narrow) : new NdArray(NdElementType.Int64, h.Shape, wide);
    }

    /// <summary>
    /// Reads a Fortran-order (rows, cols) matrix in chunks of whole columns and scatters each chunk into the
    /// C-order destination while it is in cache: no full-size temporary copy.
    /// </summary>
    private static void ReadFortranMatrix(Stream stream, Span<byte> dst, NpyHeader h, string path, string entry)
    {
        int rows = h.Shape[0], cols = h.Shape[1];
        int columnBytes = rows * h.ItemSize;
        int columnsPerChunk = Math.Max(1, ChunkBytes / columnBytes);
        var buf = ArrayPool<byte>.Shared.Rent(Math.Min(columnsPerChunk, cols) * columnBytes);
        try
        {
            long offset = h.DataOffset;
            for (int j = 0; j < cols; j += columnsPerChunk)
            {
                int n = Math.Min(columnsPerChunk, cols - j);
                var chunk = buf.AsSpan(0, n * columnBytes);
                int got = ReadAtMost(stream, chunk, path, entry, offset);
                if (got < chunk.Length)
                    throw NpyHeader.Error(path, entry, offset + got,
                        $"data shorter than declared: {offset + got - h.DataOffset} of {h.DataLength} bytes for {h.Descr} shape ({rows}, {cols})");
                offset += got;
                if (h.NeedsByteSwap) NpyElementOps.ReverseEndianness(chunk, h.ItemSize);
                NpyElementOps.ScatterFortranColumnsBytes(chunk, dst, h.ItemSize, rows, cols, j);
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buf); }
    }

    private const int ChunkBytes = 32 * 1024;

    private static void ReadData(Stream stream, Span<byte> dst, NpyHeader h, string path, string entry)
    {
        int n = ReadAtMost(stream, dst, path, entry, h.DataOffset);
        if (n < dst.Length)
            throw NpyHeader.Error(path, entry, h.DataOffset + n,
                $"data shorter than declared: {n} of {dst.Length} bytes for {h.Descr} shape ({string.Join(", ", h.Shape)})");
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    private static int ReadAtMost(Stream stream, Span<byte> buffer, string path, string entry, long offset)
    {
        int total = 0;
        try
        {
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer[total..]);
                if (n == 0) break;
                total += n;
            }
        }
        catch (TrackFormatException) { throw; }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new TrackFormatException(InputErrorKind.Zip, path, entry, offset + total, $"cannot read entry data: {ex.Message}", ex);
        }
        return total;
    }

    private static void CheckDataLength(NpyHeader h, long available, string path, string entry)
    {
        if (available == h.DataLength) return;
        string shape = string.Join(", ", h.Shape);
        throw NpyHeader.Error(path, entry, h.DataOffset, available < h.DataLength
            ? $"data shorter than declared: header declares {h.Descr} shape ({shape}) = {h.DataLength} bytes, entry holds {available}"
            : $"data longer than declared: header declares {h.Descr} shape ({shape}) = {h.DataLength} bytes, entry holds {available}");
    }
}
