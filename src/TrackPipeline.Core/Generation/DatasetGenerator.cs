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

/// <summary>A track file of the streamed generation, handed over once written (<see cref="DatasetGenerator.GenerateInWalkOrder"/>).</summary>
/// <param name="Kept">Written by an earlier generation of the same request that was stopped (kept, not generated again).</param>
public sealed record WrittenTrack(string Name, Particle Particle, int EnergyKev, bool Kept);

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
        var meta = Meta(request.Seed);
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = request.MaxParallelism, CancellationToken = cancellationToken }, j =>
        {
            var (particle, energyKev, index) = jobs[j];
            results[j] = GenerateOne(request, particle, energyKev, TrackFileWriter.TrackName(request.Seed, particle, energyKev, index), meta);
        });
        return results;
    }

    /// <summary>
    /// Generates the tracks in the order a walk of the output finds them (<see cref="Tracks.DatasetDiscovery"/>: particle
    /// and energy folders, then files, each in ordinal order), <see cref="GenerationRequest.MaxParallelism"/> tracks at a
    /// time, and hands each back as soon as its files are written and every track before it has been handed back. A run
    /// fed from this starts on the first track instead of after the last (the README's main command). The files are the
    /// same bytes as <see cref="Generate"/> writes: each track is seeded from the run seed and its own name.
    /// </summary>
    public IEnumerable<WrittenTrack> GenerateInWalkOrder(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        var problems = request.Problems().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(request));
        return InWalkOrder(request, cancellationToken);
    }

    private IEnumerable<WrittenTrack> InWalkOrder(GenerationRequest request, CancellationToken cancellationToken)
    {
        var jobs = (from p in request.Particles from e in request.EnergiesKev from i in Enumerable.Range(0, request.Count)
                    select (Particle: p, EnergyKev: e, Index: i, Name: TrackFileWriter.TrackName(request.Seed, p, e, i)))
            .OrderBy(j => j.Particle.Folder(), StringComparer.Ordinal)
            .ThenBy(j => TrackFileWriter.EnergyFolder(j.EnergyKev), StringComparer.Ordinal)
            .ThenBy(j => j.Name, StringComparer.Ordinal)
            .ToArray();
        var meta = Meta(request.Seed);
        // A window of MaxParallelism tracks in flight: the oldest is handed back first, then the next one is started.
        var running = new Queue<Task<WrittenTrack>>();
        int next = 0;
        try
        {
            for (int j = 0; j < jobs.Length; j++)
            {
                while (next < jobs.Length && running.Count < request.MaxParallelism)
                {
                    var job = jobs[next++];
                    // A track an earlier, stopped generation of this request wrote is kept (each is seeded by its own name, so
                    // it is the track this one would write): a resumed default run does not generate its 120 tracks again.
                    running.Enqueue(AlreadyWritten(request, job.Particle, job.EnergyKev, job.Name)
                        ? Task.FromResult(new WrittenTrack(job.Name, job.Particle, job.EnergyKev, Kept: true))
                        : Task.Run(() =>
                        {
                            GenerateOne(request, job.Particle, job.EnergyKev, job.Name, meta);
                            return new WrittenTrack(job.Name, job.Particle, job.EnergyKev, Kept: false);
                        }, cancellationToken));
                }
                yield return running.Dequeue().GetAwaiter().GetResult();
            }
        }
        finally
        {
            // Stopped early (Ctrl+C, or the consumer gave up): no track is left being written behind the caller's back.
            foreach (var task in running)
            {
                try { task.Wait(CancellationToken.None); }
                catch (AggregateException) { }
            }
        }
    }

    /// <summary>Both files of the track are there: the pickle is written after the .npz, each whole or not at all (AtomicFile).</summary>
    private bool AlreadyWritten(GenerationRequest request, Particle particle, int energyKev, string name)
    {
        var folder = TrackFileWriter.Folder(request.OutputRoot, generator.Settings.Material, particle, energyKev);
        return File.Exists(Path.Combine(folder, name + ".pickle")) && File.Exists(Path.Combine(folder, name + ".npz"));
    }

    private GeneratedFile GenerateOne(GenerationRequest request, Particle particle, int energyKev, string name, IReadOnlyDictionary<string, object?> meta)
    {
        var track = generator.Generate(particle, energyKev * 1e-3, TrackRandom.For(request.Seed, name, "generator"));
        TrackFileWriter.Write(TrackFileWriter.Folder(request.OutputRoot, generator.Settings.Material, particle, energyKev), name, track, meta, generator.Settings.Material);
        return new GeneratedFile(name, particle, energyKev, track.Electrons.Length, track.TotalElectrons, track.DepositedMeV, track.EscapedMeV);
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
