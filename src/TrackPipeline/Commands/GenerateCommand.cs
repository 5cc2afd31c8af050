using System.Diagnostics;
using System.Globalization;
using TrackPipeline.Generation;

namespace TrackPipeline.App.Commands;

/// <summary>
/// <c>generate --output DIR [--particles electrons,photons,positrons] [--energies-kev 1000,10000] [--count N] [--seed S]
/// [--material LAr] [--max-parallelism P]</c>: writes a track dataset with the built-in generator.
/// </summary>
public static class GenerateCommand
{
    public static Task<int> ExecuteAsync(string[] args, TextWriter output)
    {
        var options = Parse(args);
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

    public static Options Parse(string[] args)
    {
        string? output = null, material = "LAr";
        var particles = new List<Particle> { Particle.Electron, Particle.Photon };
        var energies = new List<int> { 1000, 10000 };
        int count = 10, parallelism = Environment.ProcessorCount;
        ulong seed = 12345;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new CommandLineException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--output": output = Value(); break;
                case "--material": material = Value(); break;
                case "--particles":
                    particles = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p =>
                        ParticleNames.TryParseFolder(p, out var x) ? x : throw new CommandLineException($"unknown particle '{p}' (electrons, photons, positrons)")).Distinct().ToList();
                    break;
                case "--energies-kev":
                    energies = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e =>
                        int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new CommandLineException($"energy '{e}' is not a whole number of keV")).Distinct().ToList();
                    break;
                case "--count": count = Int(Value(), "--count"); break;
                case "--max-parallelism": parallelism = Int(Value(), "--max-parallelism"); break;
                case "--seed":
                    seed = ulong.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw new CommandLineException("--seed needs a non-negative integer");
                    break;
                default: throw new CommandLineException($"unknown option '{args[i]}' for generate");
            }
        }
        if (output is null) throw new CommandLineException("generate needs --output DIR");
        return new Options(new GenerationRequest
        {
            OutputRoot = output, Particles = particles, EnergiesKev = energies, Count = count, Seed = seed, MaxParallelism = parallelism,
        }, material);
    }

    private static int Int(string v, string name) =>
        int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new CommandLineException($"{name} needs an integer");
}
