using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackPipeline.App.Hosting;
using TrackPipeline.Classification;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;

namespace TrackPipeline.App.Commands;

/// <summary>The <c>run</c> command: a generic host whose background service runs the pipeline.</summary>
public static class RunCommand
{
    /// <summary>Short options and the settings they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--input"] = "Run:Input",
        ["--output"] = "Run:Output",
        ["--shard"] = "Run:Shard",
        ["--seed"] = "Run:Seed",
        ["--max-parallelism"] = "Run:MaxParallelism",
        ["--readout"] = "Detector:Readout",
        ["--depth"] = "Detector:DepthM",
        ["--images"] = "Images:Mode",
    };

    public static async Task<int> ExecuteAsync(string[] args)
    {
        var (configFile, pipeline, settingsArgs) = SplitArguments(args);
        HostApplicationBuilder builder;
        try
        {
            builder = CreateBuilder(configFile, settingsArgs, pipeline);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            Console.Error.WriteLine($"trackpipeline: bad configuration: {e.Message}");
            return ExitCodes.Fatal;
        }

        using var host = builder.Build();
        var outcome = host.Services.GetRequiredService<RunOutcome>();
        try
        {
            await host.RunAsync();
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures) Console.Error.WriteLine($"trackpipeline: bad setting: {failure}");
            return ExitCodes.Fatal;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // The binder's message names the key and the value it could not convert.
            Console.Error.WriteLine($"trackpipeline: bad setting: {e.Message}");
            return ExitCodes.Fatal;
        }
        return outcome.ExitCode;
    }

    public static HostApplicationBuilder CreateBuilder(string? configFile, string[] settingsArgs, string? pipeline = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var config = builder.Configuration;
        config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false, reloadOnChange: false);
        config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "analysis.json"), optional: false, reloadOnChange: false);
        config.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "config", "pictures.json"), optional: false, reloadOnChange: false);
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
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full)) throw new FileNotFoundException($"--config file {full} does not exist");
            config.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        config.AddEnvironmentVariables("TRACKPIPELINE_");
        config.AddCommandLine(settingsArgs, SwitchMappings.ToDictionary());

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(config.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        AddValidatedOptions<RunOptions>(builder, RunOptions.Section, s => s.Problems());
        AddValidatedOptions<DetectorOptions>(builder, DetectorOptions.Section, StageFactory.Problems);
        AddValidatedOptions<TopologySettings>(builder, TopologySettings.Section, s => s.Problems());
        AddValidatedOptions<ClassifierSettings>(builder, ClassifierSettings.Section, s => s.Problems());
        AddValidatedOptions<RenderOptions>(builder, RenderOptions.Section, s => s.Problems());
        builder.Services.AddSingleton<StageFactory>();
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = TimeSpan.FromMinutes(2);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton<PipelineCounters>();
        builder.Services.AddSingleton<RunOutcome>();
        builder.Services.AddHostedService<PipelineService>();
        builder.Services.AddHostedService<ProgressReporter>();
        return builder;
    }

    private static void AddValidatedOptions<T>(HostApplicationBuilder builder, string section, Func<T, IEnumerable<string>> problems) where T : class
    {
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(problems));
    }

    /// <summary>Takes <c>--config FILE</c> and <c>--pipeline NAME</c> out and rejects options that are neither known nor a <c>Section:Key</c> setting.</summary>
    public static (string? ConfigFile, string? Pipeline, string[] SettingArgs) SplitArguments(string[] args)
    {
        string? configFile = null, pipeline = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--config")
            {
                if (i + 1 >= args.Length) throw new CommandLineException("--config needs a file name");
                configFile = args[++i];
                continue;
            }
            if (a == "--pipeline")
            {
                if (i + 1 >= args.Length) throw new CommandLineException("--pipeline needs a preset name (see pipelines/README.md)");
                pipeline = args[++i];
                continue;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal))
                throw new CommandLineException($"unexpected argument '{a}'");
            var key = a.Split('=', 2)[0];
            if (!SwitchMappings.ContainsKey(key) && !key.Contains(':', StringComparison.Ordinal))
                throw new CommandLineException($"unknown option '{key}'");
            rest.Add(a);
            if (!a.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length) throw new CommandLineException($"{key} needs a value");
                rest.Add(args[++i]);
            }
        }
        return (configFile, pipeline, rest.ToArray());
    }
}
