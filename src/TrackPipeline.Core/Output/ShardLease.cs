using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TrackPipeline.Output;

/// <summary>
/// The right of one process to write (and clean up) a shard's files in an output folder. Each shard has a lock
/// file <c>OUT/.locks/&lt;K&gt;of&lt;N&gt;.lock</c>, held open with <see cref="FileShare.None"/> (an exclusive
/// <c>flock</c> on Linux) for the whole run. The operating system releases it when the process dies, even by
/// kill -9, so a lock that can be taken belongs to nobody alive, and the files of that shard (temporary files,
/// pixel files without their track file, error rows) are leftovers that may be removed.
/// <para>
/// A run also takes the locks of every shard on disk whose tracks overlap its own (the unsharded pass overlaps
/// every shard): while it runs, no overlapping writer can start, and it may clean up after the dead ones it
/// covers. Shards of one job array (same N, different K) never overlap and run side by side; the lock of a coarser shard
/// (an earlier merge pass) they all overlap is taken shared, so they do not exclude each other through it.
/// </para>
/// </summary>
public sealed partial class ShardLease : IDisposable
{
    public const string LocksFolder = OutputLayout.Locks;

    /// <summary>How long a lock is retried before it counts as held: another starting run may be probing it.</summary>
    private static readonly TimeSpan ProbeGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan WaitPoll = TimeSpan.FromMilliseconds(500);

    private readonly List<FileStream> _locks;

    private ShardLease(ShardSpec own, List<ShardSpec> held, List<FileStream> locks)
    {
        Own = own;
        Held = held;
        _locks = locks;
    }

    /// <summary>The shard this run writes.</summary>
    public ShardSpec Own { get; }

    /// <summary>Every shard whose lock this run holds (its own first): their leftovers are this run's to clean.</summary>
    public IReadOnlyList<ShardSpec> Held { get; private set; }

    /// <summary>
    /// Lets go of the locks of coarser shards (fewer shards than this run's, e.g. the unsharded 0/1 of an earlier merge
    /// pass) once their leftovers are cleaned. Held for the whole run, they made the shards of a re-submitted job array
    /// refuse each other (all want 0/1's lock). Finer shards' locks stay held: they are what keeps an unsharded pass
    /// from running beside live shards, and what stops a shard from starting beside a live unsharded pass.
    /// </summary>
    public void ReleaseCoarser()
    {
        var keep = new List<ShardSpec>();
        for (int i = _locks.Count - 1; i >= 0; i--)
        {
            var shard = ((List<ShardSpec>)Held)[i];
            if (shard != Own && shard.Count < Own.Count)
            {
                _locks[i].Dispose();
                _locks.RemoveAt(i);
            }
            else keep.Insert(0, shard);
        }
        Held = keep;
    }

    /// <summary>
    /// Takes the locks of <paramref name="shard"/> and of every overlapping shard present in <paramref name="outputRoot"/>.
    /// When one is held by a live process: with <paramref name="wait"/> waits until it is free, otherwise throws
    /// <see cref="ShardBusyException"/> naming the shard and the lock file.
    /// </summary>
    public static async Task<ShardLease> AcquireAsync(string outputRoot, ShardSpec shard, bool wait, CancellationToken cancellationToken)
    {
        var dir = LockFolder.Ensure(outputRoot);
        while (true)
        {
            var (lease, busy) = await TryAcquireAllAsync(dir, shard, cancellationToken);
            if (lease is not null) return lease;
            if (!wait)
                throw new ShardBusyException(busy == shard
                    ? $"shard {shard} is already being written into {outputRoot} by another live process (lock {LockPath(dir, busy)} is held); " +
                      "a second writer of the same shard would duplicate rows. Wait for it to end, or set --Run:WaitForShard true to wait"
                    : $"shard {busy} is being written into {outputRoot} by another live process and overlaps shard {shard} (lock {LockPath(dir, busy)} is held); " +
                      "run the unsharded pass after the job array has ended, or set --Run:WaitForShard true to wait");
            await Task.Delay(WaitPoll, cancellationToken);
        }
    }

    private static async Task<(ShardLease? Lease, ShardSpec Busy)> TryAcquireAllAsync(string dir, ShardSpec shard, CancellationToken cancellationToken)
    {
        var locks = new List<FileStream>();
        var held = new List<ShardSpec>();
        // Own lock first: two overlapping runs starting together then each see the other's lock, and at worst both wait.
        var own = await TryLockAsync(dir, shard, cancellationToken);
        if (own is null) return (null, shard);
        locks.Add(own);
        held.Add(shard);
        foreach (var other in ShardsOnDisk(dir))
        {
            if (other == shard || !Overlap(shard, other)) continue;
            // A coarser shard's lock (an earlier merge pass's 0/1) is taken shared: it only has to keep that pass from
            // running beside this one (the pass itself takes its own lock exclusively), and the shards of one job array
            // started together must not exclude each other while each holds it (they probed it for ProbeGrace, then refused).
            var l = await TryLockAsync(dir, other, cancellationToken, shared: other.Count < shard.Count);
            if (l is null)
            {
                foreach (var s in locks) s.Dispose();
                return (null, other);
            }
            locks.Add(l);
            held.Add(other);
        }
        return (new ShardLease(shard, held, locks), shard);
    }

    /// <param name="shared">Take the lock shared (flock LOCK_SH: read-only, FileShare.Read) rather than exclusive: shared
    /// holders exclude an exclusive one and the other way round, but not each other. The owner line is then not written.</param>
    private static async Task<FileStream?> TryLockAsync(string dir, ShardSpec shard, CancellationToken cancellationToken, bool shared = false)
    {
        var path = LockPath(dir, shard);
        LockFolder.RequireNoFolderAt(path);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (shared) return new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.Read);
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                // For a human looking at the folder; the lock itself is the open file, not its content.
                stream.SetLength(0);
                var owner = System.Text.Encoding.UTF8.GetBytes($"{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:O}\n");
                stream.Write(owner);
                stream.Flush();
                return stream;
            }
            catch (IOException) when (clock.Elapsed < ProbeGrace)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Whether a live process holds <paramref name="shard"/>'s lock in <paramref name="outputRoot"/> right now (one probe,
    /// no wait). Not for a shard this process holds itself: a second open of a held lock fails in the same process too.
    /// </summary>
    public static bool IsHeld(string outputRoot, ShardSpec shard)
    {
        var path = LockPath(Path.Combine(Path.GetFullPath(outputRoot), LocksFolder), shard);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (FileNotFoundException) { return false; }
        catch (IOException) { return true; }
    }

    private static string LockPath(string dir, ShardSpec shard) => Path.Combine(dir, shard.Label + ".lock");

    [GeneratedRegex(@"^(\d+)of(\d+)\.lock$", RegexOptions.CultureInvariant)]
    private static partial Regex LockFile();

    /// <summary>The shards that ever wrote into the output (one lock file each), in a fixed order.</summary>
    private static IEnumerable<ShardSpec> ShardsOnDisk(string dir)
    {
        var found = new List<ShardSpec>();
        foreach (var f in Directory.EnumerateFiles(dir, "*.lock"))
        {
            var m = LockFile().Match(Path.GetFileName(f));
            if (!m.Success) continue;
            var k = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            if (n >= 1 && k < n) found.Add(new ShardSpec(k, n));
        }
        return found.OrderBy(s => s.Count).ThenBy(s => s.Index);
    }

    /// <summary>
    /// Whether two shards can hold the same track. A track's hash h is in K/N when h mod N = K; some h is in both
    /// K/N and K'/N' exactly when K and K' agree modulo gcd(N, N') (Chinese remainder theorem).
    /// </summary>
    public static bool Overlap(ShardSpec a, ShardSpec b)
    {
        int g = Gcd(a.Count, b.Count);
        return a.Index % g == b.Index % g;
    }

    /// <summary>Whether every track of <paramref name="inner"/> is also in <paramref name="outer"/>: N' is a multiple of N and K' = K mod N.</summary>
    public static bool Covers(ShardSpec outer, ShardSpec inner) =>
        inner.Count % outer.Count == 0 && inner.Index % outer.Count == outer.Index;

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    public void Dispose()
    {
        foreach (var l in _locks) l.Dispose();
        _locks.Clear();
    }
}

/// <summary>Another live process is writing the same (or an overlapping) shard into the output.</summary>
public sealed class ShardBusyException(string message) : IOException(message);
