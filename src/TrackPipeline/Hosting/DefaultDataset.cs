using Microsoft.Extensions.Logging;
using TrackPipeline.Generation;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>The embedded default: what the main job runs on when no --input is given.</summary>
public static class DefaultDataset
{
    /// <summary>The built-in default dataset: electrons and photons at 0.3, 1, 3, 10 and 50 MeV, 12 tracks each.</summary>
    public static GenerationRequest Request(string outputRoot, ulong seed, int parallelism) => new()
    {
        OutputRoot = Path.Combine(outputRoot, OutputLayout.Generated),
        Particles = new[] { Particle.Electron, Particle.Photon },
        EnergiesKev = new[] { 300, 1000, 3000, 10000, 50000 },
        Count = 12,
        Seed = seed,
        MaxParallelism = Math.Max(1, parallelism),
    };

    /// <summary>
    /// Without --input, generates the default dataset into OUT/generated (deterministic from the run seed) and returns
    /// its root. A complete earlier generation (same seed) is reused, so a resumed run reads the same tracks.
    /// </summary>
    public static string Ensure(string outputRoot, RunOptions run, DetectorOptions detector, ILogger logger, CancellationToken cancellationToken)
    {
        var request = Request(outputRoot, run.Seed, run.EffectiveParallelism);
        // Shards of a job array started together without --input: one generates, the others wait and reuse it.
        Directory.CreateDirectory(request.OutputRoot);
        using var generating = HoldLock(Path.Combine(request.OutputRoot, ".generating.lock"), cancellationToken);
        var marker = Path.Combine(request.OutputRoot, $".complete-seed-{run.Seed}");
        if (File.Exists(marker))
        {
            logger.LogInformation("No --input: reusing the generated default dataset in {Folder}", request.OutputRoot);
            return request.OutputRoot;
        }
        logger.LogInformation("No --input: generating the default dataset ({Particles} x {Energies} keV x {Count} tracks, seed {Seed}) into {Folder}",
            string.Join(",", request.Particles.Select(p => p.Folder())), string.Join(",", request.EnergiesKev), request.Count, run.Seed, request.OutputRoot);
        // The medium of the run: a --Detector:Medium other than LAr generates (and then drifts) tracks in that medium.
        var settings = GeneratorSettings.Load(detector.ResolvedConfigDirectory, detector.Medium);
        var started = DateTime.UtcNow;
        var files = new DatasetGenerator(new TrackGenerator(settings)).Generate(request, cancellationToken);
        File.WriteAllText(marker, "");
        logger.LogInformation("Generated {Count} tracks in {Seconds:F1} s", files.Count, (DateTime.UtcNow - started).TotalSeconds);
        return request.OutputRoot;
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
