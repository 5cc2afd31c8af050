using System.Diagnostics;
using System.Globalization;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Cluster;

/// <summary>What the cluster tests share: the app as a separate process, and a table's rows as comparable text.</summary>
public static class ClusterSupport
{
    public static string AppDll => TestData.AppDll;

    /// <summary>Starts <c>trackpipeline run ARGS --images none</c> as its own process (output captured, not shown).</summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in (string[])["exec", AppDll, "run", .. args, "--images", "none"]) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Runs a process to its end; returns its exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Stderr)> FinishAsync(Process process)
    {
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        return (process.ExitCode, await stderr);
    }

    /// <summary>
    /// Every row of a table (all files below <paramref name="folder"/>, partition keys included), each as one line of
    /// its values, sorted: two outputs hold the same rows exactly when these lists are equal (duplicates count).
    /// </summary>
    public static async Task<List<string>> RowsAsync(string folder)
    {
        var rows = new List<string>();
        foreach (var file in ParquetDataset.FilesIn(folder))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, null, folder);
            var names = table.Columns.Keys.Order(StringComparer.Ordinal).ToArray();
            for (int r = 0; r < table.RowCount; r++)
                rows.Add(string.Join("|", names.Select(n => $"{n}={Convert.ToString(table.Columns[n].GetValue(r), CultureInfo.InvariantCulture)}")));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>An input folder of links to the sample's files (nothing copied), plus room for extra files.</summary>
    public static string LinkSample(string input)
    {
        foreach (var file in Directory.EnumerateFiles(TestData.TracksRoot!, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(input, Path.GetRelativePath(TestData.TracksRoot!, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.CreateSymbolicLink(target, file);
        }
        return input;
    }
}
