using System.Collections.Concurrent;

namespace TrackPipeline.Output;

/// <summary>
/// Writes a file so that it appears whole or not at all: the bytes go to a hidden temporary file in the
/// same folder (so the rename never crosses file systems), are flushed to disk, then renamed over the target.
/// A killed run leaves only hidden <c>.*.tmp-&lt;owner&gt;-*</c> files, which readers ignore; the next run that holds
/// the owner's <see cref="ShardLease"/> deletes them (<see cref="RemoveStale"/>), never another live process's.
/// </summary>
public static class AtomicFile
{
    private const string TempMarker = ".tmp-";

    /// <summary>The temporary files this process has begun and not yet renamed or deleted (<see cref="RemoveInFlight"/>).</summary>
    private static readonly ConcurrentDictionary<string, byte> InFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Who this process writes for, in its temporary names: the shard label once the run holds its lease (so a later
    /// holder of that lease knows the files are leftovers), else the process id (never cleaned by anyone else).
    /// </summary>
    public static string Owner { get; set; } = $"pid{Environment.ProcessId}";

    /// <summary>Writes <paramref name="path"/> whole or not at all (synchronous form, for the format writers).</summary>
    /// <param name="deferred">When given, the file is renamed into place unflushed and flushed to disk later on
    /// <paramref name="deferred"/>'s thread (pictures: <see cref="DeferredSync"/> says what a crash can then leave).</param>
    public static void Write(string path, Action<Stream> write, DeferredSync? deferred = null)
    {
        var temp = TempFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: deferred is null);
            }
            File.Move(temp, path, overwrite: true);
            InFlight.TryRemove(temp, out _);
        }
        catch
        {
            TryDelete(temp);
            InFlight.TryRemove(temp, out _);
            throw;
        }
        deferred?.Add(path);
    }

    /// <summary><see cref="Write"/>, the file system's refusal returned as a value: for a best-effort file (a picture).</summary>
    public static WriteFailure? TryWrite(string path, Action<Stream> write, DeferredSync? deferred = null)
    {
        try
        {
            Write(path, write, deferred);
            return null;
        }
        catch (Exception e) when (WriteFailure.IsWriteError(e))
        {
            return new WriteFailure(path, e);
        }
    }

    /// <summary>
    /// Runs a write of <paramref name="path"/> (composing and writing one file, or a folder of them), a failure the
    /// environment causes returned as a value: for a best-effort file (a gallery file). That is the file system's refusal
    /// and running out of memory (breaker 8 F2: an OutOfMemoryException copying plotly.min.js failed the run after every
    /// table was written; <see cref="WriteFailure.IsEnvironmentFailure"/>). Anything else is a bug in what composes the
    /// file and goes on, as does a cancellation: a bug turned into a warning would be shipped unseen.
    /// </summary>
    public static async Task<WriteFailure?> TryAsync(string path, Func<Task> write)
    {
        try
        {
            await write();
            return null;
        }
        catch (Exception e) when (WriteFailure.IsEnvironmentFailure(e))
        {
            return new WriteFailure(path, e);
        }
    }

    public static async Task WriteAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken = default)
    {
        var temp = TempFor(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            InFlight.TryRemove(temp, out _);
        }
        catch
        {
            TryDelete(temp);
            InFlight.TryRemove(temp, out _);
            throw;
        }
    }

    /// <summary>
    /// Set when a command (train, generate, evaluate) is being stopped by a signal and removes its temporary files: no new
    /// one is begun after that, so none is left behind by a thread still writing (<c>CommandStop</c>).
    /// </summary>
    public static volatile bool Stopping;

    /// <summary>A hidden sibling of <paramref name="path"/> (same folder, so the rename never crosses file systems), its folder created.</summary>
    private static string TempFor(string path)
    {
        if (Stopping) throw new OperationCanceledException($"{path}: not written, the command is being stopped");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}{TempMarker}{Owner}-{Guid.NewGuid():N}");
        InFlight.TryAdd(temp, 0);
        return temp;
    }

    /// <summary>
    /// Deletes the temporary files this process has begun and not finished (a command being stopped by a signal; set
    /// <see cref="Stopping"/> first so that none is begun after). Exactly this process's own: no folder is walked, so an
    /// unreadable or linked folder beside them cannot fail it and another process's files are never touched (breaker20
    /// item 1). A writer still at work on one then fails its rename, as it would on a full disk. Returns how many.
    /// </summary>
    public static int RemoveInFlight()
    {
        int removed = 0;
        foreach (var temp in InFlight.Keys)
        {
            if (File.Exists(temp) && TryDelete(temp)) removed++;
            InFlight.TryRemove(temp, out _);
        }
        return removed;
    }

    public static Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken = default) =>
        WriteAsync(path, async s =>
        {
            await using var w = new StreamWriter(s, leaveOpen: true);
            await w.WriteAsync(text.AsMemory(), cancellationToken);
        }, cancellationToken);

    /// <summary>
    /// Deletes the temporary files of <paramref name="owner"/> below <paramref name="root"/>. Call it only while holding
    /// that owner's lease: then no live process writes them, they are leftovers of a killed run.
    /// </summary>
    public static int RemoveStale(string root, string owner)
    {
        if (!Directory.Exists(root)) return 0;
        int removed = 0;
        foreach (var f in Directory.EnumerateFiles(root, "." + "*" + TempMarker + owner + "-*", SearchOption.AllDirectories))
        {
            if (TryDelete(f)) removed++;
        }
        return removed;
    }

    private static bool TryDelete(string path)
    {
        try { File.Delete(path); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
