using Parquet;
using Parquet.Schema;

namespace TrackPipeline.Output;

/// <summary>
/// Reads a table of a run's output back the way an analysis tool would: every Parquet file below a folder
/// (hidden temporary files excluded), in path order. <see cref="ReadAsync"/> gives rows of column name to
/// value — for small tables and tests; post-passes over a whole dataset read typed columns file by file
/// (<see cref="FilesIn"/>, <see cref="ReadColumnsAsync"/>) so that memory does not grow with the dataset.
/// </summary>
public sealed class ParquetDataset
{
    public List<Dictionary<string, object?>> Rows { get; } = [];
    public List<string> Files { get; } = [];

    /// <param name="tableRoot">The table's root folder (default: <paramref name="folder"/>): partition keys are read from the folders below it.</param>
    public static async Task<ParquetDataset> ReadAsync(string folder, IReadOnlyCollection<string>? columns = null, string? tableRoot = null)
    {
        var result = new ParquetDataset();
        foreach (var file in FilesIn(folder))
        {
            result.Files.Add(file);
            var table = await ReadColumnsAsync(file, columns, tableRoot ?? folder);
            for (int r = 0; r < table.RowCount; r++) result.Rows.Add(table.Row(r));
        }
        return result;
    }

    /// <summary>The Parquet files below a folder, in path order, without hidden temporary files.</summary>
    public static IEnumerable<string> FilesIn(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal)
            : [];

    /// <summary>
    /// The given columns (all when null) of one file, every row group, as typed arrays, plus the Hive partition keys
    /// of its path (<c>key=value</c> folders: an int column when the value is an integer, else a string column),
    /// as analysis tools read them.
    /// </summary>
    public static async Task<ParquetColumns> ReadColumnsAsync(string file, IReadOnlyCollection<string>? columns = null, string? tableRoot = null)
    {
        var read = await ReadFileColumnsAsync(file, columns);
        var values = new Dictionary<string, Array>(read.Columns, StringComparer.Ordinal);
        foreach (var (key, value) in PartitionKeys(file, tableRoot))
        {
            if (values.ContainsKey(key) || (columns is not null && !columns.Contains(key))) continue;
            values[key] = int.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
                ? Enumerable.Repeat(n, read.RowCount).ToArray()
                : Enumerable.Repeat<string?>(value, read.RowCount).ToArray();
        }
        return new ParquetColumns(read.RowCount, values);
    }

    /// <summary>The <c>key=value</c> folders of a file's path below <paramref name="tableRoot"/> (none without a root), outermost first.</summary>
    public static IEnumerable<(string Key, string Value)> PartitionKeys(string file, string? tableRoot)
    {
        if (tableRoot is null) yield break;
        var relative = Path.GetRelativePath(Path.GetFullPath(tableRoot), Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal)) yield break;
        var parts = relative.Split(Path.DirectorySeparatorChar);
        foreach (var part in parts)
        {
            int eq = part.IndexOf('=');
            if (eq > 0) yield return (HivePartition.Unescape(part[..eq]), HivePartition.Unescape(part[(eq + 1)..]));
        }
    }

    private static async Task<ParquetColumns> ReadFileColumnsAsync(string file, IReadOnlyCollection<string>? columns)
    {
        await using var reader = await ParquetReader.CreateAsync(file);
        var fields = reader.Schema.GetDataFields().Where(f => columns is null || columns.Contains(f.Name)).ToArray();
        var parts = fields.ToDictionary(f => f.Name, _ => new List<Array>());
        int rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            foreach (var f in fields) parts[f.Name].Add(await ReadColumn(rg, f, (int)rg.RowCount));
            rows += (int)rg.RowCount;
        }
        var values = new Dictionary<string, Array>(StringComparer.Ordinal);
        foreach (var (name, list) in parts) values[name] = Concatenate(list, rows);
        return new ParquetColumns(rows, values);
    }

    private static Array Concatenate(List<Array> parts, int rows)
    {
        if (parts.Count == 1) return parts[0];
        // By the array type, not its element type: a Native AOT program can make an array only of a type it was compiled with.
        var result = Array.CreateInstanceFromArrayType(parts.Count > 0 ? parts[0].GetType() : typeof(object[]), rows);
        int at = 0;
        foreach (var p in parts) { Array.Copy(p, 0, result, at, p.Length); at += p.Length; }
        return result;
    }

    private static async Task<Array> ReadColumn(ParquetRowGroupReader rg, DataField f, int n)
    {
        var t = f.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>)) { var a = new string?[n]; await rg.ReadAsync(f, a.AsMemory()); return a; }
        if (f.IsNullable)
        {
            if (t == typeof(double)) { var a = new double?[n]; await rg.ReadAsync<double>(f, a.AsMemory()); return a; }
            if (t == typeof(int)) { var a = new int?[n]; await rg.ReadAsync<int>(f, a.AsMemory()); return a; }
            if (t == typeof(long)) { var a = new long?[n]; await rg.ReadAsync<long>(f, a.AsMemory()); return a; }
            if (t == typeof(float)) { var a = new float?[n]; await rg.ReadAsync<float>(f, a.AsMemory()); return a; }
            if (t == typeof(bool)) { var a = new bool?[n]; await rg.ReadAsync<bool>(f, a.AsMemory()); return a; }
        }
        else
        {
            if (t == typeof(double)) { var a = new double[n]; await rg.ReadAsync<double>(f, a.AsMemory()); return a; }
            if (t == typeof(int)) { var a = new int[n]; await rg.ReadAsync<int>(f, a.AsMemory()); return a; }
            if (t == typeof(long)) { var a = new long[n]; await rg.ReadAsync<long>(f, a.AsMemory()); return a; }
            if (t == typeof(float)) { var a = new float[n]; await rg.ReadAsync<float>(f, a.AsMemory()); return a; }
            if (t == typeof(bool)) { var a = new bool[n]; await rg.ReadAsync<bool>(f, a.AsMemory()); return a; }
        }
        throw new NotSupportedException($"column {f.Name} of type {t}");
    }
}

/// <summary>Typed columns of one Parquet file.</summary>
public sealed class ParquetColumns(int rowCount, IReadOnlyDictionary<string, Array> columns)
{
    public int RowCount { get; } = rowCount;
    public IReadOnlyDictionary<string, Array> Columns { get; } = columns;

    public T[] Get<T>(string column) => Columns.TryGetValue(column, out var a) && a is T[] typed
        ? typed
        : throw new InvalidDataException($"column '{column}' is missing or not of type {typeof(T).Name}");

    /// <summary>One row as column name to value (boxed: for the few rows a post-pass keeps).</summary>
    public Dictionary<string, object?> Row(int row) => Columns.ToDictionary(c => c.Key, c => c.Value.GetValue(row));
}
