using System.Reflection;

namespace TrackPipeline.App;

public static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static string Text => $"TrackPipeline {Version} (.NET {Environment.Version})";
}
