using Microsoft.Extensions.Logging;
using TrackPipeline.Generation;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Hosting;

/// <summary>The embedded default: what the main job runs on when no --input is given.</summary>
public static class DefaultDataset
{
    /// <summary>The built-in default dataset: electrons and photons at 0.3, 1, 3, 10 and 50 MeV, 12 tracks each.</summary>
    public static GenerationRequest Request(string outputRoot, ulong seed, int parallelism) => new()
    {
        OutputRoot = Path.GetFullPath(Path.Combine(outputRoot, OutputLayout.Generated)),
        Particles = new[] { Particle.Electron, Particle.Photon },
        EnergiesKev = new[] { 300, 1000, 3000, 10000, 50000 },
        Count = 12,
        Seed = seed,
        MaxParallelism = Math.Max(1, parallelism),
    };

    /// <summary>
    /// The default dataset's folder (OUT/generated), and, when it is not complete yet, its tracks as they are generated
    /// (<see cref="Tracks"/>, in the order a walk of the folder would give): the run starts on the first track while the
    /// generator writes the next ones, instead of waiting for all 120. A complete earlier generation (same seed) is walked
    /// like any input (<see cref="Tracks"/> null), so a resumed run reads the same tracks.
    /// </summary>
    public sealed record Input(string Root, IEnumerable<TrackSource>? Tracks, IDisposable? GeneratingLock) : IDisposable
    {
        /// <summary>Releases the generation lock if the tracks were never (or not to the end) enumerated.</summary>
        public void Dispose() => GeneratingLock?.Dispose();
    }

    /// <summary>
    /// Without --input: the default dataset of OUT/generated (deterministic from the run seed). Shards of a job array
    /// started together without --input: one generates (it holds the lock until its last track is written), the others
    /// wait for the lock and then walk the finished folder.
    /// </summary>
    public static Input Prepare(string outputRoot, RunOptions run, DetectorOptions detector, ILogger logger, CancellationToken cancellationToken)
    {
        var request = Request(outputRoot, run.Seed, run.EffectiveParallelism);
        Directory.CreateDirectory(request.OutputRoot);
        var generating = HoldLock(Path.Combine(request.OutputRoot, ".generating.lock"), cancellationToken);
        try
        {
            var marker = Path.Combine(request.OutputRoot, $".complete-seed-{run.Seed}");
            if (File.Exists(marker))
            {
                logger.LogInformation("No --input: reusing the generated default dataset in {Folder}", request.OutputRoot);
                generating.Dispose();
                return new Input(request.OutputRoot, null, null);
            }
            logger.LogInformation("No --input: generating the default dataset ({Particles} x {Energies} keV x {Count} tracks, seed {Seed}) into {Folder}, processing each track as it is written",
                string.Join(",", request.Particles.Select(p => p.Folder())), string.Join(",", request.EnergiesKev), request.Count, run.Seed, request.OutputRoot);
            // The medium of the run: a --Detector:Medium other than LAr generates (and then drifts) tracks in that medium.
            var settings = GeneratorSettings.Load(detector.ResolvedConfigDirectory, detector.Medium);
            return new Input(request.OutputRoot, Generate(request, new DatasetGenerator(new TrackGenerator(settings)), settings.Material, marker, generating, logger, cancellationToken), generating);
        }
        catch
        {
            generating.Dispose();
            throw;
        }
    }

    /// <summary>The tracks as they are written; the marker once the last one is, and the lock released when the enumeration ends.</summary>
    private static IEnumerable<TrackSource> Generate(GenerationRequest request, DatasetGenerator generator, string material, string marker,
        FileStream generating, ILogger logger, CancellationToken cancellationToken)
    {
        using var held = generating;
        var started = DateTime.UtcNow;
        int count = 0, kept = 0;
        foreach (var file in generator.GenerateInWalkOrder(request, cancellationToken))
        {
            var folder = TrackFileWriter.Folder(request.OutputRoot, material, file.Particle, file.EnergyKev);
            if (file.Kept) kept++; else count++;
            yield return DatasetDiscovery.RawTrack(request.OutputRoot, Path.Combine(folder, file.Name + ".npz"), Path.Combine(folder, file.Name + ".pickle"));
        }
        File.WriteAllText(marker, "");
        logger.LogInformation("Generated {Count} tracks in {Seconds:F1} s{Kept}", count, (DateTime.UtcNow - started).TotalSeconds,
            kept > 0 ? $" ({kept} kept from a stopped earlier generation)" : "");
    }

    private static FileStream HoldLock(string path, CancellationToken cancellationToken)
    {
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) { Task.Delay(200, cancellationToken).Wait(cancellationToken); }
        }
    }
}
