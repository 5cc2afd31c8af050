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
        var sw = Stopwatch.StartNew();
        try
        {
            var files = new DatasetGenerator(new TrackGenerator(settings)).Generate(options.Request);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {files.Count} tracks ({files.Sum(f => (long)f.Points):N0} deposits) into {Path.GetFullPath(options.Request.OutputRoot)} in {sw.Elapsed.TotalSeconds:F1} s"));
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"trackpipeline: {e.Message}");
            return Task.FromResult(ExitCodes.Fatal);
        }
    }

    public sealed record Options(GenerationRequest Request, string Material);
}
