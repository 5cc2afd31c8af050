using Parquet;
using Parquet.Schema;

namespace TrackPipeline.Output;

/// <summary>Writes a set of equal-length column buffers as one Parquet file with one row group, atomically.</summary>
public static class ParquetTableFile
{
    private static readonly ParquetOptions Options = new()
    {
        CompressionMethod = CompressionMethod.Zstd,
        // Parquet.Net's default, SmallestSize, runs zstd's slowest match finder (btultra2): on the sample it cost 3-5 of a
        // run's ~12 CPU-seconds for files 5 % smaller than Optimal's (docs/benchmarks/whole-run.md).
        CompressionLevel = System.IO.Compression.CompressionLevel.Optimal,
    };

    public static async Task WriteAsync(string path, IReadOnlyList<ColumnBuffer> columns, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        int rows = columns.Count == 0 ? 0 : columns[0].Count;
        foreach (var c in columns)
        {
            if (c.Count != rows)
                throw new InvalidOperationException($"column {c.Field.Name} holds {c.Count} rows, {columns[0].Field.Name} holds {rows}");
        }
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray());
        await AtomicFile.WriteAsync(path, async stream =>
        {
            await using var writer = await ParquetWriter.CreateAsync(schema, stream, Options, cancellationToken: cancellationToken);
            if (metadata is not null) writer.CustomMetadata = new Dictionary<string, string>(metadata);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns) await column.WriteAsync(rowGroup, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Reads one string column of every row group of a Parquet file.</summary>
    public static async Task<List<string>> ReadStringColumnAsync(string path, string column, CancellationToken cancellationToken = default) =>
        (await ReadStringColumnsAsync(path, [column], cancellationToken))[0];

    /// <summary>Reads several string columns of every row group of a Parquet file, one list (in the order asked) per column; a missing column or a null is an error naming the file.</summary>
    public static async Task<List<string>[]> ReadStringColumnsAsync(string path, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken);
        var fields = reader.Schema.GetDataFields();
        var wanted = new DataField[columns.Count];
        var result = new List<string>[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            wanted[c] = fields.FirstOrDefault(f => f.Name == columns[c]) ?? throw new InvalidDataException($"{path}: no column '{columns[c]}'");
            result[c] = [];
        }
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var buffer = new string?[rg.RowCount];
            for (int c = 0; c < wanted.Length; c++)
            {
                await rg.ReadAsync(wanted[c], buffer.AsMemory(), null, cancellationToken);
                foreach (var v in buffer) result[c].Add(v ?? throw new InvalidDataException($"{path}: null in column '{columns[c]}'"));
            }
        }
        return result;
    }

    /// <summary>
    /// Reads the nullable string column <paramref name="column"/> of every row group of an open Parquet file (a null stays
    /// null), or returns null when the file has no such column.
    /// </summary>
    public static async Task<List<string?>?> ReadNullableStringColumnAsync(ParquetReader reader, string column, CancellationToken cancellationToken = default)
    {
        if (reader.Schema.GetDataFields().FirstOrDefault(f => f.Name == column) is not { } field) return null;
        var result = new List<string?>();
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            var buffer = new string?[rg.RowCount];
            await rg.ReadAsync(field, buffer.AsMemory(), null, cancellationToken);
            result.AddRange(buffer);
        }
        return result;
    }
}
