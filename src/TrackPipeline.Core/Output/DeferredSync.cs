namespace TrackPipeline.Output;

/// <summary>
/// Flushes to disk, on a thread of its own, files that <see cref="AtomicFile"/> has already renamed into place: the
/// render stage's pictures, thumbnails and event pages (~1 MB a track). Each fsync made the drawing worker wait for the
/// disk (662 fsyncs of ~6 ms in a README run, 3.8 s of worker time: docs/benchmarks/rendering.md, eighth round); here
/// the worker goes on to the next track and the disk catches up beside it.
/// What a crash can leave: a killed process loses nothing (the bytes are in the kernel's page cache, the rename is
/// done). Only a power loss or kernel crash before the flush can leave a picture empty or cut under its final name,
/// where the temp + fsync + rename order left the old file or none. Pictures are drawn again from the tracks by a new
/// run into a fresh output; the Parquet tables, run reports and generated tracks keep the fsync before the rename.
/// The run waits for every flush (<see cref="Drain"/>) before it reports itself completed.
/// </summary>
public sealed class DeferredSync
{
    private readonly object _gate = new();
    private readonly Queue<string> _pending = new();
    private readonly List<string> _failed = [];
    private bool _flushing;

    /// <summary>Queues <paramref name="path"/> (written and renamed) to be flushed to disk.</summary>
    public void Add(string path)
    {
        lock (_gate)
        {
            _pending.Enqueue(path);
            if (_flushing) return;
            _flushing = true;
        }
        // A thread of its own, not the pool's: it spends its time blocked on the disk.
        new Thread(FlushAll) { IsBackground = true, Name = "TrackPipeline file sync" }.Start();
    }

    /// <summary>Waits until every queued file is on disk; returns those that could not be flushed (file and reason).</summary>
    public IReadOnlyList<string> Drain()
    {
        lock (_gate)
        {
            while (_flushing) Monitor.Wait(_gate);
            return [.. _failed];
        }
    }

    private void FlushAll()
    {
        while (true)
        {
            string path;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _flushing = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
                path = _pending.Dequeue();
            }
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
                stream.Flush(flushToDisk: true);
            }
            // Replaced or removed since (a bounded selection let it go): nothing of it left to flush.
            catch (FileNotFoundException) { }
            catch (DirectoryNotFoundException) { }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (_gate) _failed.Add($"{path}: {e.Message}");
            }
        }
    }
}
