using System.Diagnostics;
using System.Globalization;
using TrackPipeline.Generation;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>generate</c>: writes a track dataset with the built-in generator (options: <see cref="Cli.GenerateVerb"/>).
/// </summary>
public static class GenerateCommand
{
    public static Task<int> ExecuteAsync(Options options, TextWriter output)
    {
        var configDir = Path.Combine(AppContext.BaseDirectory, "config");
        GeneratorSettings settings;
        try
        {
            settings = GeneratorSettings.Load(configDir, options.Material);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException or Config.DetectorConfigException)
        {
            Console.Error.WriteLine($"trackpipeline: bad generator configuration: {e.Message}");
            return Task.FromResult(ExitCodes.Fatal);
        }
        var problems = options.Request.Problems().ToList();
        if (problems.Count > 0) throw new CommandLineException(string.Join("; ", problems));
        // An output that is a file, or lies below one, is named as such (the file system says only "could not find a part of the path").
        if (FileOnTheWay(options.Request.OutputRoot) is { } file)
        {
            Console.Error.WriteLine($"trackpipeline: cannot write the dataset into --output {options.Request.OutputRoot}: {file} is a file, not a folder");
            return Task.FromResult(ExitCodes.Fatal);
        }
        // Stopped, it says so and removes its temporary files; those of an earlier generate killed outright go now (breaker19 F7).
        Hosting.CommandStop.RemoveLeftoversOfDeadProcesses(options.Request.OutputRoot);
        using var stop = Hosting.CommandStop.Register("generate");
        var sw = Stopwatch.StartNew();
        try
        {
            var files = new DatasetGenerator(new TrackGenerator(settings)).Generate(options.Request);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {files.Count} tracks ({files.Sum(f => (long)f.Points):N0} deposits) into {Path.GetFullPath(options.Request.OutputRoot)} in {sw.Elapsed.TotalSeconds:F1} s"));
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (WriteProblem(e) is { } problem)
        {
            Console.Error.WriteLine($"trackpipeline: cannot write the dataset into --output {options.Request.OutputRoot}: {problem.Message}");
            return Task.FromResult(ExitCodes.Fatal);
        }
    }

    /// <summary>The output path itself or the nearest existing folder above it when that is a file; null otherwise.</summary>
    private static string? FileOnTheWay(string outputRoot)
    {
        for (var path = Path.GetFullPath(outputRoot); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (File.Exists(path)) return path;
            if (Directory.Exists(path)) return null;
        }
        return null;
    }

    /// <summary>
    /// The file system's refusal behind <paramref name="e"/>: tracks are written in parallel, so an output that is a file,
    /// lies below one or cannot be written arrives wrapped in an AggregateException (breaker 17 F7: it escaped unhandled,
    /// with a stack and exit 134); null for anything else (a bug, reported as one).
    /// </summary>
    private static Exception? WriteProblem(Exception e) => e switch
    {
        IOException or UnauthorizedAccessException => e,
        AggregateException a => a.Flatten().InnerExceptions.FirstOrDefault(i => i is IOException or UnauthorizedAccessException),
        _ => null,
    };

    public sealed record Options(GenerationRequest Request, string Material);
}
