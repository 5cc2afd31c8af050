using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using TrackPipeline.App.Commands;
using TrackPipeline.Generation;

namespace TrackPipeline.App.Cli;

/// <summary><c>generate</c>: simulate tracks with the built-in generator and write them in the dataset format.</summary>
public static class GenerateVerb
{
    private const ulong DefaultSeed = 12345;

    public static Command Create()
    {
        var command = new Command("generate", "Simulate tracks (condensed-history e-/e+/photon transport) and write them as <material>/<particle>/E<7 digits>/TrackE*.{npz,pickle}.");
        var output = new Option<string>("--output") { Description = "Dataset root to write.", HelpName = "DIR", Required = true };
        var particles = new Option<Particle[]>("--particles")
        {
            // The default is written as the user would type it (the help showed the enum's names, Electron|Photon).
            Description = "Comma-separated: electrons, photons, positrons [default: electrons,photons].", HelpName = "LIST",
            CustomParser = ParseParticles,
        };
        particles.CompletionSources.Add("electrons", "photons", "positrons", "electrons,photons");
        var energies = new Option<int[]>("--energies-kev")
        {
            Description = "Comma-separated primary energies, keV [default: 1000,10000].", HelpName = "LIST",
            CustomParser = ParseEnergies,
        };
        var count = new Option<int>("--count") { Description = "Tracks per particle and energy.", HelpName = "N", DefaultValueFactory = _ => 10 };
        var seed = new Option<ulong>("--seed") { Description = "Seed; names and tracks follow from it.", HelpName = "S", DefaultValueFactory = _ => DefaultSeed, CustomParser = ParseSeed };
        var material = new Option<string>("--material") { Description = "Medium preset of config/medium.", HelpName = "NAME", DefaultValueFactory = _ => "LAr" };
        var parallelism = new Option<int>("--max-parallelism") { Description = "Tracks generated at once.", HelpName = "P", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (var o in new Option[] { output, particles, energies, count, seed, material, parallelism }) command.Options.Add(o);
        command.SetAction((parse, _) => GenerateCommand.ExecuteAsync(new GenerateCommand.Options(new GenerationRequest
        {
            OutputRoot = parse.GetRequiredValue(output),
            // An option with a custom parser is parsed (to an empty list) even when absent: absent means the default.
            Particles = parse.GetResult(particles) is null ? [Particle.Electron, Particle.Photon] : parse.GetValue(particles) ?? [],
            EnergiesKev = parse.GetResult(energies) is null ? [1000, 10000] : parse.GetValue(energies) ?? [],
            Count = parse.GetValue(count),
            Seed = parse.GetValue(seed),
            MaxParallelism = parse.GetValue(parallelism),
        }, parse.GetRequiredValue(material)), Console.Out));
        return command;
    }

    private static Particle[] ParseParticles(ArgumentResult result)
    {
        var list = new List<Particle>();
        foreach (var name in Items(result))
        {
            if (ParticleNames.TryParseFolder(name, out var p)) { if (!list.Contains(p)) list.Add(p); }
            else result.AddError($"unknown particle '{name}' (electrons, photons, positrons)");
        }
        return [.. list];
    }

    /// <summary>The seed as train and evaluate word it (the default parser named the .NET type, System.UInt64).</summary>
    private static ulong ParseSeed(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return DefaultSeed;
        var text = result.Tokens[^1].Value;
        if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
        result.AddError($"--seed needs a non-negative integer below 2^64, not '{text}'");
        return 0;
    }

    private static int[] ParseEnergies(ArgumentResult result)
    {
        var list = new List<int>();
        foreach (var text in Items(result))
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e)) { if (!list.Contains(e)) list.Add(e); }
            else result.AddError($"energy '{text}' is not a whole number of keV");
        }
        return [.. list];
    }

    private static IEnumerable<string> Items(ArgumentResult result) =>
        result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
