using System.Diagnostics;
using TrackPipeline.App;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The Native AOT publish folder has one layout, said in three languages: MSBuild's (Directory.Build.props puts the AOT build
/// under <c>bin/aot/</c>), the launcher's (which publishes there, and prints it for the scripts: <c>--print-aot-folder</c>)
/// and the app's (<see cref="NativeAotPublishFolder"/>: <c>train</c> writes its model there too). These must agree.
/// </summary>
public sealed class NativeAotPublishFolderTests
{
    [LauncherFact]
    public void The_launcher_prints_the_folder_the_app_names()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(NativeAot.Launcher);
        psi.ArgumentList.Add("--print-aot-folder");
        using var process = Process.Start(psi)!;
        var printed = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.True(process.ExitCode == 0, $"--print-aot-folder exited {process.ExitCode}: {error}");
        Assert.Equal("", error);
        Assert.Equal(NativeAot.PublishFolder + "\n", printed);
    }

    /// <summary>Known issues, session 26 breaker12 item 9: <c>--print-aot-folder --bogus</c> printed the folder and exited 0.</summary>
    [LauncherFact]
    public void The_launcher_refuses_more_arguments_after_print_aot_folder()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(NativeAot.Launcher);
        psi.ArgumentList.Add("--print-aot-folder");
        psi.ArgumentList.Add("--bogus");
        using var process = Process.Start(psi)!;
        var printed = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(1, process.ExitCode);
        Assert.Equal("", printed);
        Assert.Contains("--print-aot-folder takes no other arguments (given: --bogus)", error);
    }

    [Fact]
    public void Directory_Build_props_builds_the_Native_AOT_publish_into_the_folder_the_app_names()
    {
        var props = File.ReadAllText(Path.Combine(TestData.RepoRoot!, "Directory.Build.props"));

        Assert.Contains($"<BaseOutputPath>bin/{NativeAotPublishFolder.UnderBin}/</BaseOutputPath>", props);
        Assert.Contains($"<BaseIntermediateOutputPath>obj/{NativeAotPublishFolder.UnderBin}/</BaseIntermediateOutputPath>", props);
    }

    [Fact]
    public void Beside_a_ReadyToRun_build_are_the_publish_folders_of_its_configuration_and_framework()
    {
        var work = Directory.CreateTempSubdirectory("tp-aotfolder-").FullName;
        try
        {
            var project = Path.Combine(work, "src", "TrackPipeline");
            var readyToRun = Directory.CreateDirectory(Path.Combine(project, "bin", "Release", "net10.0")).FullName;
            var x64 = Directory.CreateDirectory(NativeAotPublishFolder.Of(project, "Release", "net10.0", "linux-x64")).FullName;
            var arm = Directory.CreateDirectory(NativeAotPublishFolder.Of(project, "Release", "net10.0", "linux-arm64")).FullName;
            Directory.CreateDirectory(NativeAotPublishFolder.Of(project, "Debug", "net10.0", "linux-x64"));
            Directory.CreateDirectory(Path.Combine(project, "bin", NativeAotPublishFolder.UnderBin, "Release", "net10.0", "linux-musl-x64"));   // never published

            Assert.Equal([arm, x64], NativeAotPublishFolder.BesideReadyToRunBuild(readyToRun + Path.DirectorySeparatorChar));
            Assert.Empty(NativeAotPublishFolder.BesideReadyToRunBuild(work));   // not a build folder
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

/// <summary>A fact that runs the launcher script: on Linux (where it publishes the Native AOT binary), with bash.</summary>
public sealed class LauncherFactAttribute : FactAttribute
{
    public LauncherFactAttribute()
    {
        if (NativeAotPublishFolder.LauncherRid is null)
            Skip = $"SKIPPED (not Linux x64 or arm64: {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}): the launcher publishes no Native AOT binary here";
    }
}
