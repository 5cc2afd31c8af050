using Microsoft.Extensions.Configuration;

namespace TrackPipeline.Config;

/// <summary>
/// The shipped defaults: <c>appsettings.json</c> (run, detector, pictures), <c>config/analysis.json</c> (topology,
/// reconstruction, classifier, ...) and <c>config/pictures.json</c> (framing) are the one place every default lives. Settings classes carry no initial values of their own, so
/// a default cannot drift between C# and JSON, and the binder's habit of appending to an initialised array (which made
/// every run search its prong radii twice) cannot return. Library code and tests that need the defaults outside the
/// host read them here.
/// </summary>
public static class ShippedSettings
{
    /// <summary>The files, in the order the host layers them (later wins).</summary>
    public static readonly string[] Files = ["appsettings.json", Path.Combine("config", "analysis.json"), Path.Combine("config", "pictures.json")];

    private static readonly Lazy<IConfigurationRoot> Shipped = new(() => AddTo(new ConfigurationBuilder()).Build());

    /// <summary>The folder holding the shipped files: beside the program, else the repository root above it (benchmarks).</summary>
    public static string Directory { get; } = Locate();

    /// <summary>Adds the shipped files to a configuration, first, so that presets, files, environment and command line override them.</summary>
    public static IConfigurationBuilder AddTo(IConfigurationBuilder builder)
    {
        foreach (var file in Files) builder.AddJsonFile(Path.Combine(Directory, file), optional: false, reloadOnChange: false);
        return builder;
    }

    /// <summary>A fresh settings object of section <paramref name="section"/> holding the shipped defaults (tests and studies; the run binds through SettingsCatalog).</summary>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("binds T's properties by reflection")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("binds T's properties by reflection")]
    public static T Load<T>(string section) where T : class, new()
    {
        var settings = new T();
        Shipped.Value.GetSection(section).Bind(settings);
        return settings;
    }

    /// <summary>The raw shipped configuration (for the settings test and <c>settings</c> command).</summary>
    public static IConfiguration Configuration => Shipped.Value;

    private static string Locate()
    {
        var here = AppContext.BaseDirectory;
        if (Files.All(f => File.Exists(Path.Combine(here, f)))) return here;
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TrackPipeline.sln")) && Files.All(f => File.Exists(Path.Combine(dir.FullName, f))))
                return dir.FullName;
        // Name the files that are missing beside the program, not all three (breaker18).
        var missing = Files.Where(f => !File.Exists(Path.Combine(here, f))).ToList();
        throw new ShippedSettingsMissingException(missing.Count == 1
            ? $"the shipped settings file {missing[0]} is neither beside the program ({here}) nor in a repository above it"
            : $"the shipped settings files {string.Join(", ", missing)} are neither beside the program ({here}) nor in a repository above it");
    }
}

/// <summary>
/// The program's folder lacks a shipped settings file (a partial copy of the program): every command needs them, so the
/// command line reports this in one line (breaker 17 F8: it escaped as a TypeInitializationException with a stack, exit 134).
/// </summary>
public sealed class ShippedSettingsMissingException(string message) : FileNotFoundException(message);
