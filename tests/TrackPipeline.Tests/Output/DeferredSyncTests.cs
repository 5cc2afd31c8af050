using TrackPipeline.Output;

namespace TrackPipeline.Tests.Output;

public sealed class DeferredSyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("deferred-sync-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_deferred_write_is_in_place_at_once_whole_and_without_temporary_files()
    {
        var sync = new DeferredSync();
        var path = Path.Combine(_dir, "a", "picture.png");
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        AtomicFile.Write(path, s => s.Write(bytes), sync);
        // Renamed into place before the flush: readers (the gallery) see the whole file while the disk catches up.
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Empty(sync.Drain());
        Assert.Equal([path], Directory.GetFiles(Path.Combine(_dir, "a")));
    }

    [Fact]
    public void Drain_waits_for_every_queued_file_and_names_the_ones_that_could_not_be_flushed()
    {
        var sync = new DeferredSync();
        for (int i = 0; i < 50; i++) AtomicFile.Write(Path.Combine(_dir, $"f{i}.html"), s => s.Write(new byte[10_000]), sync);
        // A file removed since it was written (a bounded selection let it go) has nothing left to flush: not a failure.
        var removed = Path.Combine(_dir, "removed.png");
        AtomicFile.Write(removed, s => s.Write(new byte[10]), sync);
        File.Delete(removed);
        // A folder where a file was (cannot be opened for writing) is named with the reason.
        var folder = Path.Combine(_dir, "in-the-way.png");
        Directory.CreateDirectory(folder);
        sync.Add(folder);
        var failed = sync.Drain();
        var only = Assert.Single(failed);
        Assert.StartsWith(folder + ": ", only);
        // Drained: a second drain returns at once with the same account, and later files are flushed by a new thread.
        Assert.Equal(failed, sync.Drain());
        AtomicFile.Write(Path.Combine(_dir, "later.png"), s => s.Write(new byte[10]), sync);
        Assert.Single(sync.Drain());
    }
}
