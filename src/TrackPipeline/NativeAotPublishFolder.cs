using System.Runtime.InteropServices;

namespace TrackPipeline.App;

/// <summary>
/// Where the launcher's Native AOT publish goes: <c>&lt;project&gt;/bin/aot/&lt;configuration&gt;/&lt;framework&gt;/&lt;rid&gt;/publish/</c>.
/// <c>aot</c> is Directory.Build.props's <c>BaseOutputPath</c> for <c>PublishAot=true</c> (its own folder, so the two builds
/// never overwrite each other); the rest is MSBuild's. The scripts ask the launcher (<c>./trackpipeline --print-aot-folder</c>);
/// NativeAotPublishFolderTests checks that the launcher, Directory.Build.props and this class agree.
/// </summary>
internal static class NativeAotPublishFolder
{
    /// <summary>The folder under a project's <c>bin/</c> that holds the Native AOT builds (Directory.Build.props).</summary>
    public const string UnderBin = "aot";

    /// <summary>The publish folder of <paramref name="project"/> for one configuration, framework and runtime.</summary>
    public static string Of(string project, string configuration, string framework, string rid) =>
        Path.Combine(Runtimes(project, configuration, framework), rid, "publish");

    /// <summary>The folder holding one publish folder per runtime.</summary>
    private static string Runtimes(string project, string configuration, string framework) =>
        Path.Combine(project, "bin", UnderBin, configuration, framework);

    /// <summary>The runtime the launcher publishes for on this machine (its <c>uname</c> test), or null where it publishes none.</summary>
    public static string? LauncherRid =>
        !OperatingSystem.IsLinux() ? null
        : RuntimeInformation.OSArchitecture switch { Architecture.X64 => "linux-x64", Architecture.Arm64 => "linux-arm64", _ => null };

    /// <summary>
    /// The publish folders beside a ReadyToRun build in <c>&lt;project&gt;/bin/&lt;configuration&gt;/&lt;framework&gt;/</c>: those
    /// of the same configuration and framework, for every runtime, that exist (sorted).
    /// </summary>
    public static IReadOnlyList<string> BesideReadyToRunBuild(string programFolder)
    {
        var framework = new DirectoryInfo(Path.TrimEndingDirectorySeparator(Path.GetFullPath(programFolder)));
        if (framework.Parent is not { } configuration || configuration.Parent is not { Name: "bin" } bin) return [];
        var project = bin.Parent!.FullName;
        var runtimes = Runtimes(project, configuration.Name, framework.Name);
        if (!Directory.Exists(runtimes)) return [];
        return Directory.GetDirectories(runtimes).Select(rid => Of(project, configuration.Name, framework.Name, Path.GetFileName(rid)))
            .Where(Directory.Exists).Order(StringComparer.Ordinal).ToList();
    }
}
