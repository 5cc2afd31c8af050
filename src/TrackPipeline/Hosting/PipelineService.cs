using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackPipeline.Classification;
using TrackPipeline.Generation;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Runs one job: prepares the output folder (resume), discovers the shard's tracks, runs the Dataflow graph,
/// writes run.json, sets the exit code and stops the host.
/// </summary>
public sealed class PipelineService(
    IOptions<RunOptions> options,
    IConfiguration configuration,
    PipelineCounters counters,
    RunOutcome outcome,
    StageFactory stageFactory,
    IOptions<ClassifierSettings> classifier,
    IHostApplicationLifetime lifetime,
    ILogger<PipelineService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var run = options.Value;
        var started = DateTimeOffset.UtcNow;
        var status = "failed";
        var layout = new DatasetLayout(run.Output, run.ParsedShard);
        int filesWritten = 0;
        try
        {
            PrepareOutputFolder(layout.Root);
            var input = string.IsNullOrWhiteSpace(run.Input) ? GenerateDefaultDataset(layout.Root, run, stoppingToken) : run.Input;
            var done = await CompletedTracks.LoadAsync(layout.Root, stoppingToken);
            int firstSequence = layout.PrepareForResume();
            if (done.Count > 0) logger.LogInformation("Resuming: {Count} tracks are already in {Output}", done.Count, layout.Root);

            var stages = stageFactory.CreateStages();
            var schema = TrackTable.CreateSchema(stages.OfType<ITableContributor>());
            var writer = new DatasetWriter(layout, schema, stages.OfType<IDetailTable>().ToList(),
                new WriterSettings(run.TracksPerFile, run.MaxDetailRowsPerFile), firstSequence, FileMetadata(run));

            var shard = layout.Shard;
            _ = Task.Run(() => counters.SetDiscovered(
                DatasetDiscovery.Discover(input, run.CompressedTracks).LongCount(s => shard.Includes(s.Name))), stoppingToken);
            var sources = DatasetDiscovery.Discover(input, run.CompressedTracks)
                .Where(s => shard.Includes(s.Name))
                .Where(s =>
                {
                    if (!done.Contains(s.Name)) return true;
                    counters.AddSkipped();
                    return false;
                });

            logger.LogInformation("Processing {Input} into {Output} (shard {Shard}, {Parallelism} in parallel)",
                Path.GetFullPath(input), layout.Root, shard, run.EffectiveParallelism);
            var graph = new TrackPipelineGraph(stages, counters, run.EffectiveParallelism, logger);
            await graph.RunAsync(sources, writer, stoppingToken);
            await writer.FlushAllAsync(CancellationToken.None);
            filesWritten = writer.FilesWritten;
            counters.MarkFinished();
            await Task.WhenAny(counters.Reported, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));

            if (!stoppingToken.IsCancellationRequested)
            {
                var quest = await QuestSelection.SelectAsync(layout.Root, classifier.Value.CandidateThreshold, classifier.Value.QuestTopPerCategory, stoppingToken);
                foreach (var best in quest.Where(c => c.Rank == 1))
                    logger.LogInformation("Quest {Category}: {Track} (score {Score:F2})", best.Category, best.TrackId, best.Score);
                if (stages.OfType<RenderStage>().FirstOrDefault() is { } render)
                {
                    var gallery = new Gallery(render.Options, layout.Root, input, run.CompressedTracks,
                        stages.Where(s => s is not RenderStage).ToList(), render.Readout, run.EffectiveParallelism);
                    var report = await gallery.BuildAsync(quest, stoppingToken);
                    logger.LogInformation("Pictures: {Quest} quest, {Contact} contact sheets, {Compare} comparisons; gallery {Index}",
                        report.QuestImages, report.ContactSheets, report.ComparisonSheets, report.IndexPath);
                }
            }
            status = stoppingToken.IsCancellationRequested ? "interrupted" : "completed";
            outcome.ExitCode = stoppingToken.IsCancellationRequested ? ExitCodes.Interrupted
                : counters.Rejected > 0 ? ExitCodes.SomeInputsRejected
                : ExitCodes.Success;
            if (counters.Rejected > 0)
                logger.LogWarning("{Rejected} inputs were rejected; see {Errors}", counters.Rejected, Path.Combine(layout.Root, DatasetLayout.ErrorsFolder));
        }
        catch (Exception e)
        {
            outcome.ExitCode = ExitCodes.Fatal;
            logger.LogCritical("Run failed: {Message}", e is InvalidOperationException or IOException or ArgumentException or UnauthorizedAccessException or InvalidDataException ? e.Message : e.ToString());
        }
        finally
        {
            await WriteReportAsync(layout, run, started, status, filesWritten);
            lifetime.StopApplication();
        }
    }

    /// <summary>The built-in default dataset: electrons and photons at 0.3, 1, 3, 10 and 50 MeV, 12 tracks each.</summary>
    public static GenerationRequest DefaultDataset(string outputRoot, ulong seed, int parallelism) => new()
    {
        OutputRoot = Path.Combine(outputRoot, "generated"),
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
    private string GenerateDefaultDataset(string outputRoot, RunOptions run, CancellationToken cancellationToken)
    {
        var request = DefaultDataset(outputRoot, run.Seed, run.EffectiveParallelism);
        var marker = Path.Combine(request.OutputRoot, $".complete-seed-{run.Seed}");
        if (File.Exists(marker))
        {
            logger.LogInformation("No --input: reusing the generated default dataset in {Folder}", request.OutputRoot);
            return request.OutputRoot;
        }
        var configDir = Path.Combine(AppContext.BaseDirectory, "config");
        logger.LogInformation("No --input: generating the default dataset ({Particles} x {Energies} keV x {Count} tracks, seed {Seed}) into {Folder}",
            string.Join(",", request.Particles.Select(p => p.Folder())), string.Join(",", request.EnergiesKev), request.Count, run.Seed, request.OutputRoot);
        var settings = GeneratorSettings.Load(configDir);
        var started = DateTime.UtcNow;
        var files = new DatasetGenerator(new TrackGenerator(settings)).Generate(request, cancellationToken);
        File.WriteAllText(marker, "");
        logger.LogInformation("Generated {Count} tracks in {Seconds:F1} s", files.Count, (DateTime.UtcNow - started).TotalSeconds);
        return request.OutputRoot;
    }

    private static void PrepareOutputFolder(string root)
    {
        try
        {
            Directory.CreateDirectory(root);
            var probe = Path.Combine(root, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"output folder {root} is not writable: {e.Message}", e);
        }
    }

    private Dictionary<string, string> FileMetadata(RunOptions run) => new()
    {
        ["trackpipeline.version"] = VersionInfo.Version,
        ["trackpipeline.seed"] = run.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private async Task WriteReportAsync(DatasetLayout layout, RunOptions run, DateTimeOffset started, string status, int filesWritten)
    {
        try
        {
            var report = RunReport.Create(run, configuration, counters, started, status, outcome.ExitCode, filesWritten);
            if (Directory.Exists(layout.Root)) await AtomicFile.WriteAllTextAsync(layout.RunReportFile, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Could not write {Report}: {Message}", layout.RunReportFile, e.Message);
        }
    }
}
