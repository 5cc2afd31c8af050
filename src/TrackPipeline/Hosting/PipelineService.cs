using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrackPipeline.Classification;
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
    IOptions<DetectorOptions> detector,
    IOptions<RenderOptions> images,
    IHostApplicationLifetime lifetime,
    ILogger<PipelineService> logger,
    EarlyClassifierSession? classifierModel = null) : BackgroundService
{
    /// <summary>The model file read and the digest of the bytes the run scores with (breaker17 F1); null: the file as it is when asked.</summary>
    private ClassifierModelRead? ModelRead => classifierModel?.Read;

    /// <summary>The presets' values this run read (run.json's <c>detector_presets</c>): read once, for its resume checks and its reports alike.</summary>
    private System.Text.Json.Nodes.JsonObject PresetValues => _presetValues ??= DetectorPresetValues.Of(detector.Value);
    private System.Text.Json.Nodes.JsonObject? _presetValues;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outcome.ServiceStarted = true;
        await Task.Yield();
        counters.Mark("service_started");
        // The stages are built on a thread of their own while this one starts the input walk and records the run's start;
        // the classifier's ONNX session (~0.1 CPU-s) on one more, begun when the settings were checked in a run with an input (EarlyClassifierSession),
        // which the first tracks need only once they reach the classification stage: their reading and measuring no longer
        // wait for it (docs/benchmarks/whole-run.md, rounds 10, 15 and 16). Building them touches no output file.
        Task<IReadOnlyList<ITrackStage>>? stagesReady = null;
        Task<IReadOnlyList<ITrackStage>> BuildStages() =>
            stagesReady ??= Task.Factory.StartNew(() => stageFactory.CreateStages(modelInBackground: true), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var run = options.Value;
        // Under ulimit -v the heap can hold only its share of the address space: a budget above it admits more than fits (B6).
        if (AddressSpaceLimit.Bytes is { } limit && AddressSpaceLimit.BudgetWarning(limit, AddressSpaceLimit.HeapShare(limit), run.MemoryBudgetMb) is { } tooLarge)
            logger.LogWarning("{Warning}", tooLarge);
        var started = DateTimeOffset.UtcNow;
        var status = "failed";
        var layout = new DatasetLayout(run.Output, run.ParsedShard);
        _layout = layout;
        _started = started;
        ShardLease? lease = null;
        InputListing? listing = null;
        DefaultDataset.Input? generated = null;
        try
        {
            PrepareOutputFolder(layout.Root);
            // Before anything is read or cleaned: this run's right to its shard (refused or waits if a live process has it).
            lease = await ShardLease.AcquireAsync(layout.Root, layout.Shard, run.WaitForShard, stoppingToken);
            AtomicFile.Owner = layout.Shard.Label;
            // Not while this run holds a coarser shard's lock (a job array re-submitted after a merge pass): its sibling shards
            // probe that lock for a grace period, and the build's CPU beside this thread would keep them waiting the longer.
            if (!lease.Held.Any(s => s.Count < layout.Shard.Count)) _ = BuildStages();
            // Rows made with other settings already in the output: refuse before anything is written (known issue P4).
            // The reports are parsed once; the checks under the lock and after the run re-read only those that changed.
            var reports = _reports = new RunReports(layout.Root);
            if (!run.AllowMixedSettings && RowSettings.Differences(reports, configuration, loaded: ModelRead, presets: PresetValues) is { Count: > 0 } differences)
                throw new InvalidOperationException(RowSettings.Refusal(reports, differences));
            // Parts the quest cannot rank with this run's tracks: refused now, not after the run's tracks are written (S3).
            if (await PartsBeforeQuestKeys.FindAsync(layout.Root, stoppingToken) is { Count: > 0 } unranked)
                throw new InvalidDataException(PartsBeforeQuestKeys.Refusal(layout.Root, unranked));
            // A damaged pixels part of tracks this run skips, or a damaged errors part, would stay damaged (or lost) for good: refused as a damaged tracks part is.
            await DamagedParts.ThrowIfAnyAsync(layout.Root, layout.ErrorFilesReplacedOnResume(lease), stoppingToken);
            // Without --input, the default dataset is generated while it is processed: its tracks come as they are written.
            generated = string.IsNullOrWhiteSpace(run.Input) ? DefaultDataset.Prepare(layout.Root, run, detector.Value, logger, stoppingToken) : null;
            var input = generated?.Root ?? run.Input!;
            // The input tree is walked once, in the background, into a spill file the pipeline is fed from (InputListing).
            var shard = layout.Shard;
            if (generated?.Tracks is null)
            {
                listing = InputListing.Start(input, run.CompressedTracks, layout.Root, shard.Label, s => shard.Includes(s.Name), lease.Held.Select(s => s.Label));
                // An input without a single track is a mistake (wrong folder, wrong layout), not an empty success; checked
                // before the run counts as started, so it leaves no report (waits only for the walk's first track).
                if (!await listing.HasAnyTrack)
                    throw new InvalidDataException(NoTracks(input));
            }
            // Tracks parts whose tracks are not complete (no pixels or quest-rows part), or hold a track whose refused .pickle
            // now reads, whose input changed since the part was written, or whose truth-only errors row is gone:
            // found now (refused in one line if their inputs are gone), deleted once the run has started, before the written tracks are read.
            // The read stage's limits, the electron bound included (breaker16: without it a changed file passed the check and was then refused).
            var limits = MeasurementChain.TrackLimitsOf(run, detector.Value);
            var processAgain = await PartsToProcessAgain.FindAsync(layout, lease, generated?.Tracks is null ? input : null, limits,
                layout.ErrorFilesReplacedOnResume(lease), stoppingToken);

            // From here the run has started: its report is in runs/ as "running" until it ends (a kill -9 leaves that).
            // The settings are compared again, now with the runs still starting, and this run's are recorded, under one
            // lock: two runs started together with other settings cannot both pass before either has a report (Q1).
            using (await SettingsLock.AcquireAsync(layout.Root, stoppingToken))
            {
                var mine = lease.Held;
                bool IsLiveElsewhere(ShardSpec s) => !mine.Contains(s) && ShardLease.IsHeld(layout.Root, s);
                RowSettings.ForgetRunsWithoutRows(reports, IsLiveElsewhere);
                UnfinishedRuns.Mark(reports, IsLiveElsewhere);
                if (!run.AllowMixedSettings
                    && RowSettings.Differences(reports, configuration, IsLiveElsewhere, ModelRead, PresetValues) is { Count: > 0 } starting)
                    throw new InvalidOperationException(RowSettings.Refusal(reports, starting));
                _startedRun = true;
                await WriteReportAsync(layout, run, started, "running", 0, latest: false);
            }
            counters.Mark("run_started");
            // The parts found above go first: their tracks are then not written, so their carried rows are dropped below.
            processAgain.Delete(logger);
            // The rows of refused truth pickles whose tracks are written: carried into a new error file that lands before
            // PrepareForResume deletes the old ones, so a kill at any instant leaves them on disk (TruthOnlyRows). The
            // tracks already written are read first for that (temporary files, which PrepareForResume removes, are not read).
            var done = await CompletedTracks.LoadAsync(layout.Root, stoppingToken, processAgain.SourcePathsRead);
            var (carriedSequence, carriedRows) = await TruthOnlyRows.CarryForwardAsync(layout, layout.ErrorFilesReplacedOnResume(lease), done, FileMetadata(run), stoppingToken);
            // This shard's written tracks' rows in a coarser shard's error files (an earlier unsharded run's or merge pass's):
            // not this run's to carry or delete, but counted as the carried ones are (breaker12 item 8). Read before the coarser locks go.
            var keptRows = await RowsKeptElsewhereAsync(layout, lease, done, carriedRows, generated?.Tracks is null ? input : null, limits, stoppingToken);
            int firstSequence = layout.PrepareForResume(lease, carriedSequence);
            lease.ReleaseCoarser();
            _ = BuildStages();
            // The default dataset starts being written only now: PrepareForResume deletes this shard's temporary files
            // (a killed run's), which would include the generator's files being written.
            listing ??= InputListing.Start(generated!.Tracks!, layout.Root, shard.Label, s => shard.Includes(s.Name), lease.Held.Select(s => s.Label));
            if (done.Count > 0) logger.LogInformation("Resuming: {Count} tracks are already in {Output}", done.Count, layout.Root);

            IReadOnlyList<ITrackStage> stages;
            try
            {
                stages = await BuildStages();
            }
            catch
            {
                // Stages that cannot be built (a classifier model that cannot be loaded) mean the run never started: its
                // "running" report is taken back and it leaves none, like any refusal at start (sixth session, F6). Not
                // awaited before the start instead: a run holding a coarser shard's lock would keep its siblings waiting.
                TakeBackStart(layout, started);
                throw;
            }
            counters.Mark("stages_created");
            // Still being made (the classifier's session): awaited by the graph before the stage's first track, and below.
            var prepared = Task.WhenAll(stages.OfType<IPreparedInBackground>().Select(s => s.Prepared));
            counters.StagesPreparing(prepared);
            if (!stages.OfType<ClassificationStage>().Any())
                logger.LogInformation("Classification skipped: {Why}, so the tracks table has no score_*, candidate_* or predicted_class columns and the quest is empty",
                    detector.Value.Enabled ? $"readout {detector.Value.Readout} has no pixel level (the classifier decides from triggered pixels)" : "no readout (--readout none)");
            var schema = TrackTable.CreateSchema([.. stages.OfType<ITableContributor>(), .. stageFactory.TableColumns()]);
            if (TrackColumns.Missing(schema.Names, ReadBackColumns) is { Count: > 0 } missing)
                throw new InvalidOperationException(string.Join("; ", missing));
            // The quest is fed this run's rows as they pass the writer, and writes its side table with each part.
            var questTally = new QuestTally(classifier.Value.QuestTopPerCategory);
            var detailTables = stages.OfType<IDetailTable>().ToList();
            if (QuestRowsTable.For(schema, questTally) is { } questRows) detailTables.Add(questRows);
            var writer = _writer = new DatasetWriter(layout, schema, detailTables,
                new WriterSettings(run.TracksPerFile, run.MaxDetailRowsPerFile), firstSequence, FileMetadata(run));

            // Said again for the written tracks this run skips (already on disk, carriedSequence): counted like this run's rows.
            foreach (var row in carriedRows.Concat(keptRows))
            {
                writer.CountWrittenError(row);
                counters.AddTruthOnlyRejected();
            }

            // The progress total (this shard's tracks, done ones included) once the walk has ended.
            _ = listing.Walked.ContinueWith(_ => counters.SetDiscovered(listing.CountedTracks), TaskScheduler.Default);
            var sources = listing.Sources()
                .Where(s => shard.Includes(s.Name))
                .Where(s =>
                {
                    if (!done.Contains(s.RelativePath)) return true;
                    counters.AddSkipped();
                    return false;
                });

            // Once the stages are ready: the mark, the progress display's start and the "Processing" line (a model that cannot
            // load is the run's only line, as when it was loaded first).
            _ = prepared.ContinueWith(_ =>
            {
                counters.Mark("stages_prepared");
                logger.LogInformation("Processing {Input} into {Output} (shard {Shard}, {Parallelism} in parallel)",
                    Path.GetFullPath(input), layout.Root, shard, run.EffectiveParallelism);
            }, CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            var admission = new TrackAdmission(new MemoryBudget(run.MemoryBudgetBytes), run.BytesInFlightPerNpzByte);
            var graph = new TrackPipelineGraph(stages, counters, run.EffectiveParallelism, logger, admission);
            counters.Mark("writer_ready");
            using var modelFailed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                var graphRun = graph.RunAsync(sources, writer, modelFailed.Token);
                // A model that cannot load stops the feeding at once (the tracks in flight then fault the graph, waiting for it).
                if (await Task.WhenAny(graphRun, prepared) == prepared && prepared.IsFaulted) await modelFailed.CancelAsync();
                await graphRun;
                await prepared;
            }
            catch when (prepared.IsFaulted)
            {
                // A classifier model that cannot be loaded: no row was written (the graph waits for it before a track
                // reaches the classification stage, and every row passes there), so the run never started, as when the
                // model was loaded before the start (sixth session, F6). Its own error, not the graph's.
                TakeBackStart(layout, started);
                prepared.GetAwaiter().GetResult();
                throw;
            }
            await writer.FlushAllAsync(CancellationToken.None);
            counters.Mark("tables_closed");
            // Any track at all, in any shard: a shard that happens to get none of a small dataset is not an error.
            if (listing.Tracks == 0 && !stoppingToken.IsCancellationRequested) throw new InvalidDataException(NoTracks(input));
            counters.MarkFinished();
            await Task.WhenAny(counters.Reported, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));

            var tail = counters.MeasurePostPass("all", "post_passes_done");
            if (!stoppingToken.IsCancellationRequested) await RunPostPassesAsync(layout, run, input, stages, questTally, writer.Written, stoppingToken);
            tail.Done();
            status = stoppingToken.IsCancellationRequested ? "interrupted" : "completed";
            outcome.ExitCode = stoppingToken.IsCancellationRequested ? ExitCodes.Interrupted
                : counters.Rejected > 0 || counters.BestEffortFailures > 0 || counters.GalleryFailures > 0 ? ExitCodes.SomeInputsRejected
                : ExitCodes.Success;
            if (stoppingToken.IsCancellationRequested)
                logger.LogWarning("Interrupted: {Written} tracks written, {Skipped} skipped (already in {Output}), {Rejected} rejected; re-run the same command to resume",
                    counters.Written, counters.Skipped, layout.Root, counters.Rejected);
            else
                logger.LogInformation("Done: {Written} tracks written, {Skipped} skipped (already in {Output}), {Rejected} rejected",
                    counters.Written, counters.Skipped, layout.Root, counters.Rejected);
            if (counters.Rejected > 0)
            {
                var errors = Path.Combine(layout.Root, DatasetLayout.ErrorsFolder);
                if (counters.Rejected == 1) logger.LogWarning("{Rejected} input was rejected; see {Errors}", counters.Rejected, errors);
                else logger.LogWarning("{Rejected} inputs were rejected; see {Errors}", counters.Rejected, errors);
            }
            if (counters.BestEffortFailures > 0)
                logger.LogWarning("{Failed} tracks are written without their picture (it failed to draw or write); see {Errors}",
                    counters.BestEffortFailures, Path.Combine(layout.Root, DatasetLayout.ErrorsFolder));
            // Why, for the first few, on stderr (after the log's lines above, which also go there).
            foreach (var line in ErrorRowsOnStderr.Lines(writer, Path.Combine(layout.Root, DatasetLayout.ErrorsFolder)))
                await Console.Error.WriteLineAsync(line);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Ctrl+C / SIGTERM ending a wait (a shard lease held elsewhere under --Run:WaitForShard, breaker16 E): an
            // interruption like any other, not "run failed: A task was canceled." with exit 1.
            status = "interrupted";
            outcome.ExitCode = ExitCodes.Interrupted;
            logger.LogWarning("Interrupted: {Written} tracks written, {Skipped} skipped (already in {Output}), {Rejected} rejected; re-run the same command to resume",
                counters.Written, counters.Skipped, layout.Root, counters.Rejected);
        }
        catch (Exception e)
        {
            outcome.ExitCode = ExitCodes.Fatal;
            // One line, like a bad setting, and the progress display says nothing after it (known issue P9).
            counters.MarkFailed();
            bool expected = e is InvalidOperationException or IOException or OperationCanceledException or ArgumentException or UnauthorizedAccessException or InvalidDataException;
            // Under an address-space limit that explains it, the message and what to set (F2), not the stack trace.
            // Anything else is a bug: still one line (its kind, message and where it was thrown), the trace at debug level (--verbose).
            var what = AddressSpaceLimit.Explains(e) ? AddressSpaceLimit.OneLine(e) : expected ? e.Message
                : $"{e.GetType().Name}: {AddressSpaceLimit.OneLine(e)} ({(ThrowSite.Of(e) is { } at ? $"in {at}: " : "")}a bug; run --verbose for the stack trace)";
            if (!expected) logger.LogDebug(e, "run failed");
            if (!AddressSpaceLimit.Explains(e) || AddressSpaceLimit.ClaimFatalLine())
                await Console.Error.WriteLineAsync($"trackpipeline: run failed: {TerminalText.OneLine(what)}{AddressSpaceLimit.Advice(e)}");
        }
        finally
        {
            // A run that never started (refused lock, other settings in the output, no tracks) leaves no report behind.
            if (_startedRun) await WriteReportAsync(layout, run, started, status, _writer?.FilesWritten ?? 0);
            // A run refused before it needed its stages: their failure (say, an unreadable model) is not its error. But it
            // waits for a build still under way: a process that exits while ONNX Runtime creates its session dies in the
            // runtime's native code (SIGSEGV or SIGBUS, ~1 in 8 refused runs) instead of exiting with its own code.
            if (stagesReady is { } building)
            {
                await building.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                if (building.IsCompletedSuccessfully)
                    foreach (var starting in building.Result.OfType<IPreparedInBackground>())
                        await starting.Prepared.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
            listing?.Dispose();
            generated?.Dispose();
            lease?.Dispose();
            lifetime.StopApplication();
        }
    }

    private static string NoTracks(string input) =>
        $"no tracks found under {Path.GetFullPath(input)}: expected " +
        "<material>/<particle>/E<7 digits>/TrackE*.npz (each with its .pickle when there is truth), at any depth below the input folder";

    private volatile bool _startedRun;

    /// <summary>The columns the passes after the run read back from the tracks table (quest, key figures, plots), checked at start-up.</summary>
    public static IReadOnlyList<ColumnRequirement> ReadBackColumns { get; } = [QuestSelection.RequiredColumns, QuestSelection.PixelFeatureColumns, .. KeyFigures.RequiredColumns];

    private DatasetLayout? _layout;
    private RunReports? _reports;
    private DatasetWriter? _writer;
    private DateTimeOffset _started;

    /// <summary>
    /// Ctrl+C / SIGTERM: the token stops the feeding, the tracks in flight finish and are written, ExecuteAsync writes
    /// run.json. If that takes longer than the host's shutdown timeout (a huge track in a stage), the run still ends now
    /// with exit code 130 and a run.json that counts what was written; files are atomic, so a resume is safe.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (ExecuteTask is { IsCompleted: false } && _layout is not null && _startedRun)
        {
            outcome.ExitCode = ExitCodes.Interrupted;
            logger.LogWarning("Stopping without waiting for the tracks still in flight; re-run the same command to resume");
            await WriteReportAsync(_layout, options.Value, _started, "interrupted", _writer?.FilesWritten ?? 0);
        }
    }

    /// <summary>After the tracks: the quest over every track of the output, then the pictures that need it (quest, sheets, gallery).</summary>
    private async Task RunPostPassesAsync(DatasetLayout layout, RunOptions run, string input, IReadOnlyList<ITrackStage> stages, QuestTally questTally,
        IReadOnlyCollection<string> writtenThisRun, CancellationToken stoppingToken)
    {
        // This run's tracks are in the tally already; earlier runs' and shards' come from their quest side tables.
        var questPass = counters.MeasurePostPass("quest_selection", "quest_selected");
        var quest = await QuestSelection.SelectAsync(layout.Root, classifier.Value.CandidateThreshold, classifier.Value.QuestTopPerCategory,
            questTally, writtenThisRun, stoppingToken);
        questPass.Done();
        foreach (var best in quest.Where(c => c.Rank == 1))
        {
            if (best.PassesThreshold)
                logger.LogInformation("Quest {Category}: {Track} (score {Score:F2})", best.Category, best.TrackId, best.Score);
            else   // the best there is, but the classifier does not call it this class: said, not hidden in a score
                logger.LogInformation("Quest {Category}: {Track} (score {Score:F2}, class probability {Probability:F2}: below the candidate threshold {Threshold}, no real candidate)",
                    best.Category, best.TrackId, best.Score, best.Probability, classifier.Value.CandidateThreshold);
        }
        var render = stages.OfType<RenderStage>().FirstOrDefault();
        // An --images none run into an output that has a gallery composes it again (counts, sheets that exist, quest
        // pictures of winners that have a picture, plots), drawing nothing: index.html no longer shows the last drawing run's state.
        if (render is null && !File.Exists(ImagePaths.Index(layout.Root))) return;
        var missingPass = counters.MeasurePostPass("missing_pictures", "missing_pictures_drawn");
        if (render is not null) await DrawMissingPicturesAsync(layout, run, input, stages, render, quest, stoppingToken);
        missingPass.Done();
        // The merge pass of a quest-mode job array: each shard kept its own top N; only the output's candidates stay (Q2),
        // removed before the gallery is composed so that index.html links none of them.
        if (render?.Options.Mode == ImageMode.Quest && layout.Shard.Count == 1 && _reports is { } reports)
        {
            var pruned = await QuestPicturePruning.PruneAsync(layout.Root, render!.Options, quest, reports, stoppingToken);
            if (pruned.NotPrunedBecause is { } why)
                logger.LogInformation("Quest pictures of non-candidates kept: {Why}", why);
            else if (pruned.Pictures + pruned.EventPages > 0)
                logger.LogInformation("Removed {Pictures} track pictures and {Pages} event pages of tracks no longer among the quest candidates (kept by the shards' own top lists)",
                    pruned.Pictures, pruned.EventPages);
        }
        // The gallery composes what the render stages drew (this run's, and earlier runs' or shards' on disk): it reads no track.
        var gallery = new Gallery(render?.Options ?? images.Value, layout.Root, run.EffectiveParallelism, counters);
        GalleryReport report;
        var galleryPass = counters.MeasurePostPass("gallery", "gallery_done");
        try
        {
            report = await gallery.BuildAsync(quest, stoppingToken);
        }
        catch (Exception e) when (WriteFailure.IsEnvironmentFailure(e) || e is InvalidDataException)
        {
            // Every gallery file is guarded on its own; this is what is left (reading the tables back, out of memory): the
            // gallery is best effort, the tables are complete, so it is the warning below and exit 2, never a failed run (breaker 8 F2).
            // A bug in the gallery's code is none of these: it fails the run in one line, so that it is seen and mended.
            report = new GalleryReport(0, 0, 0, 0, ImagePaths.Index(layout.Root), [], [new WriteFailure(ImagePaths.Index(layout.Root), e).Message], IndexWritten: false);
        }
        galleryPass.Done();
        // The gallery page is named as written only when it was (breaker 6 F1: a folder in its way; the warning below says why).
        logger.LogInformation("Pictures: {Quest} quest, {Contact} contact sheets, {Compare} comparisons, {SideBySide} electrons | photons sheets, {Events} 3D event pages; gallery {Index}",
            report.QuestImages, report.ContactSheets, report.ComparisonSheets, report.SideBySideSheets, report.EventPages,
            report.IndexWritten ? report.IndexPath : $"{report.IndexPath} NOT written (see the warning below)");
        foreach (var failed in report.Failed)
        {
            counters.AddGalleryFailure();
            logger.LogWarning("Gallery file not written: {Failed}", failed);
        }
        // A kept picture that is on disk but cannot be read (emptied, not a PNG): its cell drawn as missing, as when absent;
        // the file is named so that it can be removed or redrawn. Not a gallery file that failed: the exit code stays.
        foreach (var unreadable in report.Unreadable ?? [])
            logger.LogWarning("Kept picture not readable, drawn as missing: {Unreadable}", unreadable);
        // The render stage's files are flushed to disk on a thread of their own (DeferredSync): all of them before the run is done.
        foreach (var unsynced in render?.WaitForDisk() ?? [])
        {
            counters.AddGalleryFailure();
            logger.LogWarning("Picture not flushed to disk: {Failed}", unsynced);
        }
        counters.Mark("pictures_on_disk");
        // A winner whose picture could not be drawn again (DrawMissingPicturesAsync said why): said rather than left out of the gallery without a word.
        foreach (var (category, track) in report.QuestNotDrawn)
            if (render is null)
                logger.LogInformation("Quest {Category}: {Track} has no picture; this run draws none (--images none): a rerun with --images quest draws it", category, track);
            else if (!quest.Any(c => c.Category == category && c.TrackId == track && HoldsTrackOf(layout.Shard, c.Track)))   // another shard's track, processed with --images none: the merge pass draws it
                logger.LogInformation("Quest {Category}: {Track} has no picture yet; it belongs to another shard, and the unsharded (merge) pass draws it", category, track);
            else logger.LogWarning("Quest {Category}: no picture of {Track}: none readable is on disk (the run that processed it drew none, writing it failed: see the errors table, or the file is damaged: see the warning above) and it could not be drawn again now; " +
                "to see it, process its track into another output with --images quest or all", category, track);
    }

    /// <summary>Whether <paramref name="shard"/> holds the track of a tracks-table row: shards are keyed on the file stem, not on the sub-tree prefix of its id.</summary>
    private static bool HoldsTrackOf(ShardSpec shard, IReadOnlyDictionary<string, object?> row) =>
        shard.Includes(TrackIdentity.NameOf((string)row[TrackColumns.TrackId]!, row.GetValueOrDefault(TrackColumns.SourcePath) as string));

    /// <summary>
    /// Tracks whose pictures the gallery needs but no run drew (their run had --images none, or quest when this one has
    /// all: known issues R1 and Q3) are taken through the chain again from their input files and drawn now: those of this
    /// run's shard only, so that the tasks of a job array do not all draw the same tracks (the merge pass holds every track).
    /// </summary>
    private async Task DrawMissingPicturesAsync(DatasetLayout layout, RunOptions run, string input, IReadOnlyList<ITrackStage> stages, RenderStage render,
        IReadOnlyList<QuestCandidate> quest, CancellationToken stoppingToken)
    {
        string root = layout.Root;
        static string Key(IReadOnlyDictionary<string, object?> row) => $"{row[TrackColumns.Particle]}/{row[TrackColumns.EnergyKev]}/{PictureName.Of(row)}";
        bool Drawn(IReadOnlyDictionary<string, object?> row) =>
            File.Exists(ImagePaths.TrackImage(root, (string)row[TrackColumns.Particle]!, Convert.ToInt32(row[TrackColumns.EnergyKev], System.Globalization.CultureInfo.InvariantCulture), PictureName.Of(row)));
        // A track of this shard, and not one whose picture already failed in this run (it has its errors-table row).
        bool Mine(IReadOnlyDictionary<string, object?> row) => HoldsTrackOf(layout.Shard, row)
            && !(_writer is { } w && row.GetValueOrDefault(TrackColumns.SourcePath) is string path && w.BestEffortFailed.Contains(path));
        var wanted = new Dictionary<string, IReadOnlyDictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var winner in quest.Where(c => c.Rank == 1 && Mine(c.Track) && !Drawn(c.Track))) wanted.TryAdd(Key(winner.Track), winner.Track);
        int winners = wanted.Count;
        // Every ranked candidate has its track picture (the gallery lists them): one that entered the top N on a resume
        // without being processed again was pushed out of, or never in, the top N its own run kept (session 30 item 5).
        foreach (var candidate in quest.Where(c => c.Rank > 1 && Mine(c.Track) && !Drawn(c.Track))) wanted.TryAdd(Key(candidate.Track), candidate.Track);
        int candidates = wanted.Count - winners;
        if (render.Options.Mode == ImageMode.All)
            foreach (var row in await MissingPictures.WithoutPicturesAsync(root, render.Options, stoppingToken))
                if (Mine(row))
                    // A winner's side-table row has its scores, the tracks table's its bounding box: both are checked.
                    wanted[Key(row)] = wanted.TryGetValue(Key(row), out var winner) ? new Dictionary<string, object?>(winner.Concat(row).DistinctBy(c => c.Key)) : row;
        if (wanted.Count == 0) return;
        logger.LogInformation("Drawing {Count} {Tracks} no run drew ({Winners} quest winners, {Candidates} other quest candidates{All}): reading them again from {Input}",
            wanted.Count, wanted.Count == 1 ? "track" : "tracks", winners, candidates, render.Options.Mode == ImageMode.All ? ", and every track without its pictures (--images all)" : "", Path.GetFullPath(input));
        // In quest mode the run's render stage draws only what ranks among the tracks this process kept, and a track it
        // admits pushes out (deletes) one of their pictures: the output's candidates are drawn by a stage of their own.
        var redraw = render.Options.Mode == ImageMode.Quest ? stageFactory.CandidatePicturesStage(wanted.Count) : render;
        var chain = stages.Select(s => s is RenderStage ? redraw : s).ToList();
        var failed = await new MissingPictures(chain, input, run.CompressedTracks, run.EffectiveParallelism, logger).DrawAsync(wanted.Values, stoppingToken);
        if (redraw != render)
            foreach (var unsynced in redraw.WaitForDisk())
            {
                counters.AddGalleryFailure();
                logger.LogWarning("Picture not flushed to disk: {Failed}", unsynced);
            }
        foreach (var (row, why, _) in failed.Take(20))
            logger.LogWarning("No picture of {Track}: {Why}", row[TrackColumns.TrackId], why);
        if (failed.Count > 20) logger.LogWarning("... and {More} more tracks without a picture", failed.Count - 20);
        // A picture that failed to draw or write is an errors-table row, as when the run that processed the track drew it.
        if (_writer is { } writer && failed.Any(f => f.ErrorRow is not null))
        {
            foreach (var (_, _, errorRow) in failed)
                if (errorRow is not null)
                {
                    await writer.AddErrorAsync(errorRow, CancellationToken.None);
                    counters.AddBestEffortFailure();
                }
            await writer.FlushAllAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// The truth-only rows of this shard's written tracks in the error files of coarser shards it overlaps but does not
    /// cover (<see cref="TruthOnlyRows.KeptElsewhere"/>). An unreadable file is named in a warning (it is not this run's
    /// to replace, so nothing of it is lost); a row whose pickle now reads is said in a warning and not counted.
    /// </summary>
    private async Task<IReadOnlyList<TrackItem>> RowsKeptElsewhereAsync(DatasetLayout layout, ShardLease lease, IReadOnlySet<string> done,
        IReadOnlyList<TrackItem> carried, string? inputRoot, TrackLimits limits, CancellationToken cancellationToken)
    {
        var rows = new List<TrackItem>();
        foreach (var file in layout.ErrorFilesOfCoarserShards(lease))
        {
            try
            {
                rows.AddRange(await TruthOnlyRows.ReadAsync([file], cancellationToken));
            }
            catch (InvalidDataException e)
            {
                logger.LogWarning("Errors part {File} cannot be read ({Why}): its rows of this shard's tracks are not counted by this run",
                    file, e.InnerException?.Message ?? e.Message);
            }
        }
        bool StillRefused(TrackItem row)
        {
            var pickle = inputRoot is null ? null : Path.Combine(inputRoot, row.Failure!.SourcePath);
            if (pickle is null || !File.Exists(pickle) || TrackReader.TruthProblemOf(pickle, limits) is not null) return true;
            logger.LogWarning("{Pickle} now reads, but its errors row is in a coarser shard's errors part, which this run does not replace: " +
                "the run without --shard (the merge pass) processes its track again", row.Failure!.SourcePath);
            return false;
        }
        return [.. TruthOnlyRows.KeptElsewhere(rows, done, layout.Shard, carried, StillRefused)];
    }

    private static void PrepareOutputFolder(string root)
    {
        // A file where the output should be: "not writable: the file already exists" sent users to check permissions (mend 11).
        if (File.Exists(root)) throw new IOException($"--output {root} is a file, not a folder: give a folder to write the tables into (it is created when missing)");
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

    /// <param name="latest">Also replace run.json (the shard's latest finished invocation); the "running" report at start goes to runs/ only.</param>
    /// <summary>Removes the "running" report of a run that turned out never to start (nothing of it was written).</summary>
    private void TakeBackStart(DatasetLayout layout, DateTimeOffset started)
    {
        _startedRun = false;
        try
        {
            File.Delete(layout.RunHistoryFile(started, Environment.ProcessId));
            if (!Directory.EnumerateFileSystemEntries(layout.RunHistoryFolder).Any()) Directory.Delete(layout.RunHistoryFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // another run's report arrived meanwhile: kept
    }

    private async Task WriteReportAsync(DatasetLayout layout, RunOptions run, DateTimeOffset started, string status, int filesWritten, bool latest = true)
    {
        try
        {
            var report = RunReport.Create(run, configuration, counters, started, status, outcome.ExitCode, filesWritten, ModelRead, PresetValues);
            if (!Directory.Exists(layout.Root)) return;
            // run.json is the latest invocation of this shard; runs/ keeps every invocation, so resumes and shards add
            // to the record instead of replacing it. The same runs/ file is written at start ("running") and at the end.
            if (latest) await AtomicFile.WriteAllTextAsync(layout.RunReportFile, report);
            Directory.CreateDirectory(layout.RunHistoryFolder);
            await AtomicFile.WriteAllTextAsync(layout.RunHistoryFile(started, Environment.ProcessId), report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError("Could not write {Report}: {Message}", layout.RunReportFile, e.Message);
        }
    }
}
