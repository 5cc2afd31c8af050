using System.Diagnostics;

namespace TrackPipeline.Output;

/// <summary>
/// An exclusive <c>flock</c> on a file for as long as this object lives (the OS releases it after kill -9), taken by
/// waiting for it: for locks that guard a moment (a check and the record of its outcome, so that two processes cannot
/// both pass the check before either has recorded anything), never a whole run. The lock file stays; deleting it while
/// another process waits on it would let a third take a new one beside it.
/// </summary>
public sealed class MomentLock : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly FileStream _held;

    private MomentLock(FileStream held) => _held = held;

    /// <param name="giveUp">How long to wait before saying the lock is stuck: a holder needs far less, unless the file system hangs.</param>
    public static async Task<MomentLock> AcquireAsync(string path, TimeSpan giveUp, CancellationToken cancellationToken = default)
    {
        LockFolder.RequireNoFolderAt(path);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new MomentLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < giveUp)
            {
                await Task.Delay(Poll, cancellationToken);
            }
            catch (IOException e)
            {
                throw new IOException($"could not take {path} in {giveUp.TotalMinutes} minutes (another process holds it; is the file system's flock working?): {e.Message}", e);
            }
        }
    }

    public void Dispose() => _held.Dispose();
}
