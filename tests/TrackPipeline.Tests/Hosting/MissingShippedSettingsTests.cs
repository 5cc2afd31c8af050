using System.Diagnostics;
using TrackPipeline.App;
using TrackPipeline.Config;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 17 F8: a program folder without one of its shipped settings files (config/pictures.json, config/analysis.json,
/// appsettings.json) failed every command with a TypeInitializationException, its stack and exit 134; the message inside
/// was already clear. It is that message, one line, exit 1. The program is started as a process from a folder holding its
/// own copy of the app's assembly (so that the program's folder is that one) beside links to the rest.
/// </summary>
public sealed class MissingShippedSettingsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-noshipped-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>A program folder: the app's files copied (small) or linked, the shipped settings copied but <paramref name="missing"/>.</summary>
    private string ProgramFolderWithout(string missing)
    {
        var from = Path.GetDirectoryName(TestData.AppDll)!;
        var to = Directory.CreateDirectory(Path.Combine(_work, "prog-" + Path.GetFileName(missing))).FullName;
        Directory.CreateDirectory(Path.Combine(to, "config"));
        foreach (var shipped in ShippedSettings.Files.Where(f => f != missing))
            File.Copy(Path.Combine(from, shipped), Path.Combine(to, shipped));
        foreach (var file in Directory.GetFiles(from))
        {
            var name = Path.GetFileName(file);
            if (File.Exists(Path.Combine(to, name))) continue;
            if (name.StartsWith("trackpipeline.", StringComparison.Ordinal)) File.Copy(file, Path.Combine(to, name));
            else if (name != missing) File.CreateSymbolicLink(Path.Combine(to, name), file);
        }
        return to;
    }

    [Theory]
    [InlineData("appsettings.json")]
    [InlineData("config/analysis.json")]
    [InlineData("config/pictures.json")]
    public async Task A_missing_shipped_settings_file_is_one_line_and_exit_1(string missing)
    {
        missing = missing.Replace('/', Path.DirectorySeparatorChar);
        var program = ProgramFolderWithout(missing);
        foreach (var command in (string[][])[["run", "--input", _work, "--output", Path.Combine(_work, "out")], ["generate", "--output", Path.Combine(_work, "gen")]])
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in (string[])["exec", Path.Combine(program, "trackpipeline.dll"), .. command]) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(ExitCodes.Fatal, process.ExitCode);
            Assert.StartsWith("trackpipeline: the shipped settings", line);
            // The one that is missing, not all three (breaker18 item 6).
            Assert.Contains($"file {missing} is neither beside the program", line);
            foreach (var present in ShippedSettings.Files.Where(f => f != missing)) Assert.DoesNotContain(present, line);
        }
    }
}
