using System.Globalization;
using TrackPipeline.Output;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// <c>same-rows EXPECTED ACTUAL [PREFIXES]</c>: whether two outputs hold exactly the same rows (duplicates count) in the tracks,
/// pixels and errors tables, whatever the files they are cut into. Used by pipelines/slurm/test-local-cluster.sh. PREFIXES
/// (comma-separated) leaves out the columns whose names start with one of them: two versions that differ by new columns only.
/// </summary>
public static class OutputComparison
{
    public static async Task<int> RunAsync(string expected, string actual, TextWriter output, string[]? leaveOut = null)
    {
        leaveOut ??= [];
        bool same = true;
        foreach (var table in (string[])[DatasetLayout.TracksFolder, DatasetLayout.PixelsFolder, DatasetLayout.ErrorsFolder])
        {
            var want = await RowsAsync(Path.Combine(expected, table), leaveOut);
            var got = await RowsAsync(Path.Combine(actual, table), leaveOut);
            bool equal = want.SequenceEqual(got, StringComparer.Ordinal);
            same &= equal;
            output.WriteLine($"{table}: expected {want.Count} rows, found {got.Count}, {(equal ? "identical" : "DIFFERENT")}");
            if (!equal && table == DatasetLayout.TracksFolder) await DifferingColumnsAsync(expected, actual, table, leaveOut, output);
        }
        return same ? 0 : 1;
    }

    /// <summary>For tracks tables that differ: each track whose row differs, with the columns that differ (matched by track_id).</summary>
    private static async Task DifferingColumnsAsync(string expected, string actual, string table, string[] leaveOut, TextWriter output)
    {
        var want = await ByTrackAsync(Path.Combine(expected, table), leaveOut);
        var got = await ByTrackAsync(Path.Combine(actual, table), leaveOut);
        foreach (var (id, row) in want.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!got.TryGetValue(id, out var other)) { output.WriteLine($"  {id}: missing"); continue; }
            var columns = row.Keys.Where(c => !other.TryGetValue(c, out var v) || v != row[c]).Order(StringComparer.Ordinal).ToList();
            if (columns.Count > 0) output.WriteLine($"  {id}: {string.Join(", ", columns)}");
        }
    }

    private static async Task<Dictionary<string, Dictionary<string, string?>>> ByTrackAsync(string folder, string[] leaveOut)
    {
        var rows = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
        foreach (var file in ParquetDataset.FilesIn(folder))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, null, folder);
            if (!table.Columns.ContainsKey(TrackColumns.TrackId)) return rows;
            var names = table.Columns.Keys.Where(n => !leaveOut.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToArray();
            for (int r = 0; r < table.RowCount; r++)
                rows[Convert.ToString(table.Columns[TrackColumns.TrackId].GetValue(r), CultureInfo.InvariantCulture) ?? ""] =
                    names.ToDictionary(n => n, n => Convert.ToString(table.Columns[n].GetValue(r), CultureInfo.InvariantCulture));
        }
        return rows;
    }

    private static async Task<List<string>> RowsAsync(string folder, string[] leaveOut)
    {
        var rows = new List<string>();
        foreach (var file in ParquetDataset.FilesIn(folder))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, null, folder);
            var names = table.Columns.Keys.Where(n => !leaveOut.Any(p => n.StartsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToArray();
            for (int r = 0; r < table.RowCount; r++)
                rows.Add(string.Join("|", names.Select(n => Convert.ToString(table.Columns[n].GetValue(r), CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>
    /// <c>column-diff EXPECTED ACTUAL</c>: for each column of the tracks table, how many tracks (matched by <c>track_id</c>)
    /// hold a different value: which outputs a deliberate change of the random stream or of an algorithm moved.
    /// </summary>
    public static async Task<int> ColumnDiffAsync(string expected, string actual, TextWriter output)
    {
        var want = await ByTrackAsync(Path.Combine(expected, DatasetLayout.TracksFolder));
        var got = await ByTrackAsync(Path.Combine(actual, DatasetLayout.TracksFolder));
        var columns = want.Values.SelectMany(r => r.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        output.WriteLine($"tracks: {want.Count} expected, {got.Count} found, {want.Keys.Intersect(got.Keys).Count()} matched by track_id");
        int changedColumns = 0;
        foreach (var column in columns)
        {
            int differ = 0;
            foreach (var (id, row) in want)
                if (got.TryGetValue(id, out var other) && !string.Equals(row.GetValueOrDefault(column), other.GetValueOrDefault(column), StringComparison.Ordinal)) differ++;
            if (differ == 0) continue;
            changedColumns++;
            output.WriteLine($"{column}: {differ} tracks differ");
        }
        output.WriteLine($"{changedColumns} of {columns.Length} columns differ; the rest identical");
        return 0;
    }

    private static async Task<Dictionary<string, Dictionary<string, string?>>> ByTrackAsync(string folder)
    {
        var rows = new Dictionary<string, Dictionary<string, string?>>(StringComparer.Ordinal);
        foreach (var file in ParquetDataset.FilesIn(folder))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, null, folder);
            for (int r = 0; r < table.RowCount; r++)
            {
                var row = table.Columns.ToDictionary(c => c.Key, c => Convert.ToString(c.Value.GetValue(r), CultureInfo.InvariantCulture));
                rows[row["track_id"]!] = row;
            }
        }
        return rows;
    }
}
