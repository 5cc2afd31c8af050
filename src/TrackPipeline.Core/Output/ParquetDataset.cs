using Parquet;
using Parquet.Schema;

namespace TrackPipeline.Output;

/// <summary>
/// Reads a table of a run's output back the way an analysis tool would: every Parquet file below a folder
/// (hidden temporary files excluded), in path order, as rows of column name to value. For post-passes over
/// the tracks table (quest selection) and for tests; pass <c>columns</c> to read only what is needed.
/// </summary>
public sealed class ParquetDataset
{
    public List<Dictionary<string, object?>> Rows { get; } = [];
    public List<string> Files { get; } = [];

    public static async Task<ParquetDataset> ReadAsync(string folder, IReadOnlyCollection<string>? columns = null)
    {
        var result = new ParquetDataset();
        if (!Directory.Exists(folder)) return result;
        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith('.')) continue;
            result.Files.Add(file);
            await using var reader = await ParquetReader.CreateAsync(file);
            var fields = reader.Schema.GetDataFields().Where(f => columns is null || columns.Contains(f.Name)).ToArray();
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using var rg = reader.OpenRowGroupReader(g);
                var values = new Dictionary<string, Array>();
                foreach (var f in fields) values[f.Name] = await ReadColumn(rg, f, (int)rg.RowCount);
                for (int r = 0; r < rg.RowCount; r++)
                    result.Rows.Add(values.ToDictionary(c => c.Key, c => c.Value.GetValue(r)));
            }
        }
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
