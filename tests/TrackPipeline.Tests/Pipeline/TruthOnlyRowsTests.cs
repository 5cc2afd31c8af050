using Microsoft.Extensions.Logging.Abstractions;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>
/// The errors-table row of a refused truth pickle belongs to a track that is written: a resume skips that track, so the
/// row is carried forward from the error files it deletes (not from the pickle read again). That needs the row on disk no
/// later than its track, and read back once, only for tracks that are in the output.
/// </summary>
public sealed class TruthOnlyRowsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-truthonly-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Two real tracks of different energies (two partitions); the first with its pickle cut in half.</summary>
    private (TrackSource Refused, TrackSource Good) WriteInput()
    {
        var input = Path.Combine(_work, "in");
        TrackSource? refused = null, good = null;
        foreach (var energy in (string[])["E0000500", "E0001000"])
        {
            var real = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", energy)).First();
            var folder = Directory.CreateDirectory(Path.Combine(input, "LAr", "electrons", energy)).FullName;
            File.Copy(real.NpzPath, Path.Combine(folder, real.Name + ".npz"));
            var pickle = File.ReadAllBytes(real.PicklePath!);
            File.WriteAllBytes(Path.Combine(folder, real.Name + ".pickle"), refused is null ? pickle[..(pickle.Length / 2)] : pickle);
            var source = DatasetDiscovery.Discover(folder).Single();
            if (refused is null) refused = source; else good = source;
        }
        return (refused!, good!);
    }

    private static TrackItem Read(TrackSource source)
    {
        var item = new TrackItem(source);
        new ReadStage().Process(item, CancellationToken.None);
        return item;
    }

    [SharedDataFact]
    public async Task A_truth_only_row_is_on_disk_before_its_track_and_is_carried_once_for_a_written_track()
    {
        var (refused, good) = WriteInput();
        var layout = new DatasetLayout(Path.Combine(_work, "out"), ShardSpec.Single);
        var writer = new DatasetWriter(layout, TrackTable.CreateSchema([]), [], new WriterSettings(100, 1000), 0, new Dictionary<string, string>());

        var item = Read(refused);
        Assert.NotNull(item.TruthProblem);
        Assert.Null(item.RequireTrack().Truth);
        await writer.AddAsync(item, CancellationToken.None);
        // The next partition writes the first one's track file: its truth-only row must have landed first (a run killed
        // right after would otherwise leave a written track whose row no resume can say again).
        await writer.AddAsync(Read(good), CancellationToken.None);
        var trackFile = Assert.Single(layout.ShardFiles(DatasetLayout.TracksFolder));
        var errorFile = Assert.Single(layout.ShardFiles(DatasetLayout.ErrorsFolder));
        Assert.True(errorFile.Sequence < trackFile.Sequence, $"errors part {errorFile.Sequence}, tracks part {trackFile.Sequence}");
        await writer.FlushAllAsync(CancellationToken.None);

        // Read back from the same file twice (a run killed between writing the carried rows and deleting the old files): once.
        var rows = await TruthOnlyRows.ReadAsync([errorFile.Path, errorFile.Path], CancellationToken.None);
        var row = Assert.Single(rows);
        Assert.Equal(refused.Name, row.Source.Name);
        Assert.EndsWith(".pickle", row.Failure!.SourcePath);
        Assert.StartsWith(TrackItem.TruthOnlyPrefix, row.Failure.Message);

        // Carried only while its track is in the output; a track not written is processed again and says it itself.
        var done = await CompletedTracks.LoadAsync(layout.Root);
        Assert.Contains(refused.RelativePath, done);
        Assert.Same(row, Assert.Single(TruthOnlyRows.OfWritten(rows, done)));
        done.Remove(refused.RelativePath);
        Assert.Empty(TruthOnlyRows.OfWritten(rows, done));
    }

    private sealed class Killed : Exception;

    /// <summary>The start of a resume as the pipeline does it (carry the rows forward, then clean up); <paramref name="step"/> may throw to stop it there.</summary>
    private static async Task<int> ResumeAsync(DatasetLayout layout, Action<string> step)
    {
        using var lease = await ShardLease.AcquireAsync(layout.Root, layout.Shard, wait: false, CancellationToken.None);
        var done = await CompletedTracks.LoadAsync(layout.Root);
        var (carried, _) = await TruthOnlyRows.CarryForwardAsync(layout, layout.ErrorFilesReplacedOnResume(lease), done,
            new Dictionary<string, string>(), CancellationToken.None);
        step("carried");
        return layout.PrepareForResume(lease, carried, step);
    }

    /// <summary>The messages of every committed error file of the output (temporary files are not rows).</summary>
    private static async Task<List<string>> ErrorMessages(DatasetLayout layout)
    {
        var messages = new List<string>();
        foreach (var (path, _) in layout.ShardFiles(DatasetLayout.ErrorsFolder))
            messages.AddRange(await ParquetTableFile.ReadStringColumnAsync(path, "message"));
        return messages;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [SharedDataFact]
    public async Task A_resume_killed_at_any_step_of_carrying_the_rows_leaves_them_on_disk_and_the_next_resume_says_them_once()
    {
        var (refused, good) = WriteInput();
        var original = new DatasetLayout(Path.Combine(_work, "out"), ShardSpec.Single);
        var writer = new DatasetWriter(original, TrackTable.CreateSchema([]), [], new WriterSettings(100, 1000), 0, new Dictionary<string, string>());
        await writer.AddAsync(Read(refused), CancellationToken.None);
        await writer.AddAsync(Read(good), CancellationToken.None);
        await writer.FlushAllAsync(CancellationToken.None);
        // A first finished resume: the output then holds the carried file, as the breaker's copy of a finished output did.
        await ResumeAsync(original, _ => { });
        var row = Assert.Single(await ErrorMessages(original));
        Assert.StartsWith(TrackItem.TruthOnlyPrefix, row);

        // Every step of the next resume is a place a kill -9 can land; the step count is what one full resume takes.
        int steps = 0;
        await ResumeAsync(new DatasetLayout(CopyOf(original, "count"), ShardSpec.Single), _ => steps++);
        Assert.True(steps >= 2, $"a resume took {steps} steps (carried, then deleting the old file)");
        for (int kill = 1; kill <= steps; kill++)
        {
            var layout = new DatasetLayout(CopyOf(original, $"kill{kill}"), ShardSpec.Single);
            int reached = 0;
            await Assert.ThrowsAsync<Killed>(() => ResumeAsync(layout, _ => { if (++reached == kill) throw new Killed(); }));
            // Killed there: the row is on disk (in the old file, the new one or both).
            Assert.NotEmpty(await ErrorMessages(layout));
            Assert.All(await ErrorMessages(layout), m => Assert.Equal(row, m));

            // The next resume, and the one after, leave it exactly once, in one file, below the writer's first sequence.
            for (int again = 0; again < 2; again++)
            {
                int firstSequence = await ResumeAsync(layout, _ => { });
                Assert.Equal(row, Assert.Single(await ErrorMessages(layout)));
                var errorFile = Assert.Single(layout.ShardFiles(DatasetLayout.ErrorsFolder));
                Assert.True(errorFile.Sequence < firstSequence, $"kill at step {kill}: carried part {errorFile.Sequence}, writer starts at {firstSequence}");
                Assert.All(layout.ShardFiles(DatasetLayout.TracksFolder), t => Assert.True(t.Sequence < firstSequence));
            }
        }
    }

    private string CopyOf(DatasetLayout layout, string name)
    {
        var to = Path.Combine(_work, name);
        CopyFolder(layout.Root, to);
        return to;
    }

    [SharedDataFact]
    public async Task A_refused_pickle_is_a_rejected_input_but_not_a_track_of_the_progress_count()
    {
        var (refused, good) = WriteInput();
        var layout = new DatasetLayout(Path.Combine(_work, "out"), ShardSpec.Single);
        var writer = new DatasetWriter(layout, TrackTable.CreateSchema([]), [], new WriterSettings(100, 1000), 0, new Dictionary<string, string>());
        var counters = new PipelineCounters();
        await new TrackPipelineGraph([new ReadStage()], counters, 2, NullLogger.Instance).RunAsync([refused, good], writer, CancellationToken.None);
        await writer.FlushAllAsync(CancellationToken.None);

        // Two tracks written, one input (the pickle) rejected: the progress says 2 tracks, not 3 ("17/12 tracks").
        Assert.Equal(2, counters.Written);
        Assert.Equal(1, counters.Rejected);
        Assert.Equal(1, counters.TruthOnlyRejected);
        Assert.Equal(2, counters.TracksDone);
    }
}
