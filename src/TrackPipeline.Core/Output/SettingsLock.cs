namespace TrackPipeline.Output;

/// <summary>
/// <c>OUT/.locks/settings.lock</c>: held for the moment in which a run compares its row-changing settings with those
/// of the runs already in the output and records its own (its "running" report), so that two runs started together
/// with different settings cannot both pass the comparison before either has recorded anything (known issue Q1).
/// An exclusive <c>flock</c> like the shard locks (released by the OS after kill -9); a run waits for it, since
/// the other holder is only reading a few reports.
/// </summary>
public static class SettingsLock
{
    public const string FileName = "settings.lock";
    /// <summary>A holder reads the reports and writes one: far less than this, unless the file system hangs.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromMinutes(5);

    public static Task<MomentLock> AcquireAsync(string outputRoot, CancellationToken cancellationToken) =>
        MomentLock.AcquireAsync(Path.Combine(LockFolder.Ensure(outputRoot), FileName), GiveUp, cancellationToken);
}
