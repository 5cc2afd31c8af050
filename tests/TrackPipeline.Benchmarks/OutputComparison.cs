using System.Globalization;
using TrackPipeline.Output;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// <c>same-rows EXPECTED ACTUAL</c>: whether two outputs hold exactly the same rows (duplicates count) in the tracks,
/// pixels and errors tables, whatever the files they are cut into. Used by pipelines/slurm/test-local-cluster.sh.
/// </summary>
public static class OutputComparison
{
    public static async Task<int> RunAsync(string expected, string actual, TextWriter output)
    {
        bool same = true;
        foreach (var table in (string[])[DatasetLayout.TracksFolder, DatasetLayout.PixelsFolder, DatasetLayout.ErrorsFolder])
        {
            var want = await RowsAsync(Path.Combine(expected, table));
            var got = await RowsAsync(Path.Combine(actual, table));
            bool equal = want.SequenceEqual(got, StringComparer.Ordinal);
            same &= equal;
            output.WriteLine($"{table}: expected {want.Count} rows, found {got.Count}, {(equal ? "identical" : "DIFFERENT")}");
        }
        return same ? 0 : 1;
    }

    private static async Task<List<string>> RowsAsync(string folder)
    {
        var rows = new List<string>();
        foreach (var file in ParquetDataset.FilesIn(folder))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, null, folder);
            var names = table.Columns.Keys.Order(StringComparer.Ordinal).ToArray();
            for (int r = 0; r < table.RowCount; r++)
                rows.Add(string.Join("|", names.Select(n => Convert.ToString(table.Columns[n].GetValue(r), CultureInfo.InvariantCulture))));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
