using System.Diagnostics;

namespace TrackPipeline.Output;

/// <summary>
/// <c>OUT/.locks/settings.lock</c>: held for the moment in which a run compares its row-changing settings with those
/// of the runs already in the output and records its own (its "running" report), so that two runs started together
/// with different settings cannot both pass the comparison before either has recorded anything (known issue Q1).
/// An exclusive <c>flock</c> like the shard locks (released by the OS after kill -9); a run waits for it, since
/// the other holder is only reading a few reports.
/// </summary>
public sealed class SettingsLock : IDisposable
{
    public const string FileName = "settings.lock";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    /// <summary>A holder reads the reports and writes one: far less than this, unless the file system hangs.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(5);

    private readonly FileStream _lock;

    private SettingsLock(FileStream held) => _lock = held;

    public static async Task<SettingsLock> AcquireAsync(string outputRoot, CancellationToken cancellationToken)
    {
        var path = Path.Combine(LockFolder.Ensure(outputRoot), FileName);
        LockFolder.RequireNoFolderAt(path);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new SettingsLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < GiveUp)
            {
                await Task.Delay(Poll, cancellationToken);
            }
            catch (IOException e)
            {
                throw new IOException($"could not take {path} in {GiveUp.TotalMinutes} minutes (another run holds it; is the file system's flock working?): {e.Message}", e);
            }
        }
    }

    public void Dispose() => _lock.Dispose();
}
