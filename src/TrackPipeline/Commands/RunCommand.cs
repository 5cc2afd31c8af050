using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Commands;

/// <summary>The <c>run</c> command: a generic host whose background service runs the pipeline.</summary>
public static class RunCommand
{
    /// <summary>Runs the command line <c>run ARGS</c> (as the tests and the README call it).</summary>
    public static Task<int> ExecuteAsync(string[] args) => Cli.CommandLineApp.InvokeAsync(["run", .. args]);

    public static async Task<int> RunAsync(RunInvocation invocation)
    {
        HostApplicationBuilder builder;
        try
        {
            builder = CreateBuilder(invocation.ConfigFile, invocation.SettingArgs, invocation.Pipeline, invocation.Verbose);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            // The JSON reader's own message carries the line and byte of the mistake.
            var messages = new List<string>();
            for (Exception? x = e; x is not null; x = x.InnerException) messages.Add(OneLine(x.Message));
            Console.Error.WriteLine($"trackpipeline: bad configuration: {string.Join(" ", messages)}");
            return ExitCodes.Fatal;
        }

        // Every setting checked before the host starts: one line per problem, no host start-up trace.
        double configured = PipelineCounters.SinceProcessStart();
        var problems = SettingsCatalog.Problems(builder.Configuration);
        if (problems.Count > 0)
        {
            foreach (var problem in problems) Console.Error.WriteLine($"trackpipeline: bad setting: {problem}");
            return ExitCodes.Fatal;
        }
        if (invocation.ShowSettings)
        {
            Console.Out.WriteLine(SettingsCatalog.Effective(builder.Configuration).ToJsonString(ShowSettingsJson));
            return ExitCodes.Success;
        }

        // Settings the model was not fitted with but can score (another readout, other topology settings): said, not refused.
        foreach (var warning in ClassifierModelFit.Warnings(builder.Configuration)) Console.Error.WriteLine($"trackpipeline: warning: {warning}");
        double checkedAt = PipelineCounters.SinceProcessStart();
        // The classifier's model read now, once: the run scores with these bytes and records their digest (breaker17 F1).
        // Its session begun now, beside the host's start (the stage takes it over; waited for on every exit). Not when the
        // run generates its default dataset (no input): its first rows wait for the generation, not the session, and there
        // the early start cost CPU in 11 of 15 pairs (median +0.24 CPU-s, docs/benchmarks/whole-run.md round 16).
        // Decided on the settings as the run binds them (RunOptions), not on the raw configuration key.
        var run = new RunOptions();
        builder.Configuration.GetSection(RunOptions.Section).Bind(run);
        bool generates = string.IsNullOrWhiteSpace(run.Input);
        using var session = EarlyClassifierSession.Start(ClassifierModelDigest.FileOf(builder.Configuration), beginSession: !generates);
        builder.Services.AddSingleton(session);
        using var host = builder.Build();
        var outcome = host.Services.GetRequiredService<RunOutcome>();
        var timeline = host.Services.GetRequiredService<PipelineCounters>();
        timeline.Mark("settings_read", configured);
        timeline.Mark("settings_checked", checkedAt);
        timeline.Mark("host_built");
        try
        {
            return await RunHostAsync(host);
        }
        catch (Exception e) when (!invocation.Verbose && e is OptionsValidationException or InvalidOperationException or IOException)
        {
            Console.Error.WriteLine($"trackpipeline: {e.Message} (--verbose for details)");
            return ExitCodes.Fatal;
        }
    }

    /// <summary>
    /// Runs the host to its end and returns the exit code. A stop before the pipeline service ran (SIGTERM or Ctrl+C in the
    /// instant after the host took over the signals, breaker15 item 4) read nothing and wrote nothing: exit 130 with one
    /// line saying so, not the silent exit 1 of an outcome nobody set.
    /// </summary>
    internal static async Task<int> RunHostAsync(IHost host, CancellationToken stop = default)
    {
        var outcome = host.Services.GetRequiredService<RunOutcome>();
        // SIGHUP stops the run as SIGTERM does; SIGXFSZ becomes a write error (StopSignals).
        using var signals = StopSignals.Register(host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication);
        try
        {
            await host.RunAsync(stop);
        }
        catch (OperationCanceledException) when (!outcome.ServiceStarted)
        {
            // The host's start itself was cancelled: the same stop, one instant earlier.
        }
        if (outcome.ServiceStarted) return outcome.ExitCode;
        await Console.Error.WriteLineAsync("trackpipeline: interrupted before the run started: nothing was read or written");
        return ExitCodes.Interrupted;
    }

    private static string OneLine(string message) => System.Text.RegularExpressions.Regex.Replace(message.Trim(), @"\s*\n\s*", " ");

    private static readonly JsonSerializerOptions ShowSettingsJson = new() { WriteIndented = true };

    /// <param name="verbose">Also log the program's debug level: the stack trace of each track that failed (the log's
    /// error line of a track is one line, as its errors-table row).</param>
    public static HostApplicationBuilder CreateBuilder(string? configFile, string[] settingsArgs, string? pipeline = null, bool verbose = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var config = builder.Configuration;
        ShippedSettings.AddTo(config);
        if (pipeline is not null)
        {
            var preset = Path.Combine(AppContext.BaseDirectory, "pipelines", pipeline + ".json");
            if (!File.Exists(preset))
            {
                var folder = Path.GetDirectoryName(preset)!;
                var known = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order().ToArray() : [];
                throw new FileNotFoundException($"--pipeline {pipeline}: no preset {preset} (known: {string.Join(", ", known)})");
            }
            config.AddJsonFile(preset, optional: false, reloadOnChange: false);
        }
        // The shipped files and the preset live in the program folder; what follows is the user's.
        int shippedSources = ((IConfigurationBuilder)config).Sources.Count;
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full)) throw new FileNotFoundException($"--config file {full} does not exist");
            config.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        config.AddEnvironmentVariables(SettingsCatalog.EnvironmentPrefix);
        config.AddCommandLine(settingsArgs);
        UserModelPath.Anchor(config, config, shippedSources);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(config.GetSection("Logging"));
        // More specific than the shipped "Default" level, so it wins; the framework's own categories stay as shipped.
        if (verbose) builder.Logging.AddFilter("TrackPipeline", LogLevel.Debug);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        foreach (var section in SettingsCatalog.Sections) section.AddOptions(builder, section);
        builder.Services.AddSingleton<StageFactory>();
        builder.Services.Configure<HostOptions>(o =>
        {
            // How long Ctrl+C waits for the tracks in flight before the run ends anyway (exit 130, run.json written).
            o.ShutdownTimeout = TimeSpan.FromSeconds(config.GetValue<double>("Run:ShutdownTimeoutSeconds"));
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton<PipelineCounters>();
        builder.Services.AddSingleton<RunOutcome>();
        builder.Services.AddHostedService<PipelineService>();
        builder.Services.AddHostedService<ProgressReporter>();
        return builder;
    }

    /// <summary>Bound once by the options pattern (IOptions&lt;T&gt;) with the section's generated binding, validated by the section's own checks.</summary>
    internal static void AddValidated<[DynamicallyAccessedMembers(SettingsCatalog.Kept)] T>(HostApplicationBuilder builder, SettingsSection section, Action<IConfiguration, T> bind)
        where T : class
    {
        var configuration = builder.Configuration.GetSection(section.Name);
        builder.Services.AddOptions<T>().Configure(o => bind(configuration, o))
            .PostConfigure(o => SettingsCatalog.ReplaceLists(builder.Configuration, section, o))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(o => section.Problems(o, builder.Configuration)));
    }
}

/// <summary>What the command line asks of a run: files layered over the shipped defaults, then <c>--Section:Key VALUE</c> pairs.</summary>
public sealed record RunInvocation(string? ConfigFile, string? Pipeline, string[] SettingArgs, bool ShowSettings = false, bool Verbose = false);
