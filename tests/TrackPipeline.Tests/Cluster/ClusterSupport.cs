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
        return Process.Start(AppProcess(["run", .. args, "--images", "none"]))!;
    }

    /// <summary>
    /// <c>dotnet exec trackpipeline.dll ARGS</c> with Ctrl+C (SIGINT) reaching the app. A shell without job control starts
    /// a background job (<c>dotnet test ... &amp;</c>) with SIGINT ignored, every child inherits that, and the .NET runtime
    /// then leaves SIGINT ignored: the Ctrl+C tests would see runs that never stop. GNU env restores the default first.
    /// </summary>
    public static ProcessStartInfo AppProcess(IEnumerable<string> args)
    {
        bool resetSigint = OperatingSystem.IsLinux() && File.Exists("/usr/bin/env");
        var psi = new ProcessStartInfo(resetSigint ? "/usr/bin/env" : "dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (resetSigint) { psi.ArgumentList.Add("--default-signal=INT"); psi.ArgumentList.Add("dotnet"); }
        foreach (var a in (string[])["exec", AppDll, .. args]) psi.ArgumentList.Add(a);
        return psi;
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
