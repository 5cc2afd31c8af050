using System.Globalization;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>What to generate: particles x energies x count tracks, from one seed.</summary>
public sealed record GenerationRequest
{
    public required string OutputRoot { get; init; }
    public IReadOnlyList<Particle> Particles { get; init; } = new[] { Particle.Electron, Particle.Photon };
    public IReadOnlyList<int> EnergiesKev { get; init; } = new[] { 1000, 10000 };
    public int Count { get; init; } = 10;
    public ulong Seed { get; init; } = 12345;
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(OutputRoot)) yield return "an output folder is required";
        if (Particles.Count == 0) yield return "at least one particle is required";
        if (EnergiesKev.Count == 0) yield return "at least one energy is required";
        foreach (var e in EnergiesKev)
            if (e < 1 || e > 200_000) yield return $"energy {e} keV is outside 1 keV - 200 MeV (the physics tables' range)";
        if (Count < 1 || Count > 100_000) yield return $"count {Count} is not in 1..100000";
        if (MaxParallelism < 1) yield return "max parallelism must be at least 1";
    }
}

/// <summary>One written track, for summaries.</summary>
public sealed record GeneratedFile(string Name, Particle Particle, int EnergyKev, int Points, long Electrons, double DepositedMeV, double EscapedMeV);

/// <summary>
/// Generates a dataset in the track format: <c>root/&lt;material&gt;/&lt;particle&gt;/E&lt;7 digits&gt;/TrackE....{npz,pickle}</c>.
/// Each track's random stream is <c>TrackRandom.For(seed, name, "generator")</c>, so a track is the same whatever
/// the parallelism or order.
/// </summary>
public sealed class DatasetGenerator(TrackGenerator generator)
{
    public IReadOnlyList<GeneratedFile> Generate(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var problems = request.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(request));
        var jobs = (from p in request.Particles from e in request.EnergiesKev from i in Enumerable.Range(0, request.Count) select (p, e, i)).ToArray();
        var results = new GeneratedFile[jobs.Length];
        var material = generator.Settings.Material;
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelism, CancellationToken = cancellationToken }, j =>
        {
            var (particle, energyKev, index) = jobs[j];
            var name = TrackFileWriter.TrackName(request.Seed, particle, energyKev, index);
            var track = generator.Generate(particle, energyKev * 1e-3, TrackRandom.For(request.Seed, name, "generator"));
            TrackFileWriter.Write(TrackFileWriter.Folder(request.OutputRoot, material, particle, energyKev), name, track, Meta(request.Seed), material);
            results[j] = new GeneratedFile(name, particle, energyKev, track.Electrons.Length, track.TotalElectrons, track.DepositedMeV, track.EscapedMeV);
        });
        return results;
    }

    /// <summary>The <c>meta.generator</c> entry: model, settings and seed.</summary>
    public Dictionary<string, object?> Meta(ulong seed) => new()
    {
        ["name"] = "TrackPipeline condensed-history generator",
        ["model"] = "class II condensed history in liquid argon: XCOM photon cross sections; Klein-Nishina Compton; Bethe-Heitler pair (Geant4 screening functions, Tsai angles); " +
                    "photoabsorption with Sauter angles and K fluorescence; LAr restricted collision stopping power (ICRU-37); Moller/Bhabha deltas; " +
                    "bremsstrahlung: Bethe-Heitler with Thomas-Fermi screening (Koch-Motz 3BS(e), Butcher-Messel fits) normalised to the ESTAR radiative stopping power; " +
                    "screened-Rutherford multiple scattering matched to the Wentzel transport mean free path with the McKinley-Feshbach spin factor; positron annihilation at rest",
        ["settings"] = generator.Settings.Describe(),
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        ["version"] = typeof(DatasetGenerator).Assembly.GetName().Version?.ToString() ?? "0",
    };
}
