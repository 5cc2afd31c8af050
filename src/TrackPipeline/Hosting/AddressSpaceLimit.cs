using System.Runtime.InteropServices;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// A process started under a virtual-memory limit (<c>ulimit -v</c>, RLIMIT_AS; some batch systems set it from a job's
/// memory request). Such a limit counts reserved address space, not memory in use, and two reservations of a .NET
/// process do not follow its use: the .NET GC reserves half of the limit for its heap's regions up front (and ~35 % of
/// that again for its bookkeeping), and glibc gives each thread that meets contention its own 64 MB malloc arena, up to
/// 8 per core (five of them before <c>Main</c> runs). Under ~2.2 GB the two left too little for the rest (code, stacks,
/// SkiaSharp), and the run died with the runtime's bare "Out of memory." (exit 134) or a stack trace (known issue F2).
/// So, with a limit and no region range given, <see cref="MakeRoom"/> re-executes the process once (same pid, same
/// arguments, one exec: ~0.1 s) with <c>DOTNET_GCRegionRange</c> a third of the limit and <c>MALLOC_ARENA_MAX=2</c>,
/// which the runtime and glibc read only at start-up. Without a limit nothing is changed.
/// </summary>
internal static class AddressSpaceLimit
{
    /// <summary>Two arenas: the main one and one for the worker threads; the app's native allocations (SkiaSharp, zstd) are few and large.</summary>
    private const int Arenas = 2;
    /// <summary>
    /// The GC's regions get the limit divided by this. Measured (docs/benchmarks/memory.md, address-space limits): the
    /// rest of the process needs ~0.6 GB plus ~35 % of the range for the GC's bookkeeping, so a third leaves room at
    /// 1.5 GB (the sample with every picture) and still gives the heap 1 GB at 3 GB.
    /// </summary>
    private const ulong RangeDivisor = 3;
    /// <summary>
    /// Below this nothing runs: with the region range and arenas set before start-up the sample ran with every picture
    /// at 800 MB and failed at 700 MB; at 400-500 MB one track failed; at 300 MB the runtime itself did not start.
    /// Refused in one line rather than failed part-way.
    /// </summary>
    public const ulong MinimumBytes = 768UL << 20;
    private const int M_ARENA_MAX = -8;          // glibc malloc.h
    private const int RLIMIT_AS = 9;             // Linux resource.h
    private const int ENOMEM = 12;               // Linux errno.h: .NET's IOException from a system call carries the errno
    private const ulong Unlimited = ulong.MaxValue;
    public const string RegionRangeVariable = "DOTNET_GCRegionRange";

    /// <summary>The soft address-space limit in bytes, or null when there is none (or the platform has no such limit).</summary>
    public static ulong? Bytes { get; } = Read();

    /// <summary>The GC region range this program gives itself under <paramref name="limit"/>: a third, on a 1 MB boundary.</summary>
    public static ulong RegionRange(ulong limit) => limit / RangeDivisor >> 20 << 20;

    /// <summary>
    /// First thing in <c>Main</c>. With an address-space limit and no region range given (<c>DOTNET_GCRegionRange</c> or
    /// <c>COMPlus_GCRegionRange</c>), re-executes this process with one sized to the limit; returns only when that is not
    /// needed or the exec failed (then the run goes on as before, with the arenas capped by <c>mallopt</c>). Returns a
    /// message when the limit is below what any run needs.
    /// </summary>
    public static string? MakeRoom()
    {
        if (Bytes is not { } limit) return null;
        if (limit < MinimumBytes)
            return $"the address space is limited to {limit >> 20} MB by ulimit -v, and trackpipeline needs at least {MinimumBytes >> 20} MB of it " +
                $"(the .NET runtime, its heap and the pictures' library): raise it, e.g. ulimit -v {MinimumBytes >> 10}";
        if (RegionRangeGiven()) { CapArenas(); return null; }
        try
        {
            var argv = NulSeparated("/proc/self/cmdline");
            var environment = NulSeparated("/proc/self/environ");
            var exe = Environment.ProcessPath;
            if (argv.Count == 0 || exe is null) { CapArenas(); return null; }
            environment.Add($"{RegionRangeVariable}=0x{RegionRange(limit):X}");
            if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null) environment.Add($"MALLOC_ARENA_MAX={Arenas}");
            _ = execve(exe, [.. argv, null], [.. environment, null]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException) { }
        CapArenas();   // execve returned: it failed; run in this process as before
        return null;
    }

    /// <summary>
    /// The .NET heap's share of the address space this process runs with: the <c>DOTNET_GCRegionRange</c> given (hex, as the
    /// runtime reads it), or the third <see cref="MakeRoom"/> gives it under <paramref name="limit"/>.
    /// </summary>
    public static ulong HeapShare(ulong limit) =>
        Environment.GetEnvironmentVariable(RegionRangeVariable) is { } given
        && ulong.TryParse(given.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? given[2..] : given,
            System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var range) && range > 0
            ? range : RegionRange(limit);

    /// <summary>
    /// The one warning at start when the memory budget (<c>Run:MemoryBudgetMb</c>, the track data admitted in flight) exceeds
    /// the heap's share under an address-space limit: the budget then admits more than the heap can ever hold, and a run of
    /// large tracks fails with OutOfMemory rows instead of waiting (breaker B6). Null when it fits or there is no limit.
    /// Warned, not lowered: the budget also decides which tracks are too large (error rows), and those must not depend on
    /// the node's limit (shards of one dataset on nodes with different limits would disagree); README, On a SLURM cluster.
    /// </summary>
    public static string? BudgetWarning(ulong? limit, ulong heapShareBytes, int budgetMb)
    {
        if (limit is not { } bytes || (ulong)Math.Max(budgetMb, 0) << 20 <= heapShareBytes) return null;
        return $"Run:MemoryBudgetMb is {budgetMb} MB, more than the .NET heap's share of the address space ({heapShareBytes >> 20} MB of the " +
            $"{bytes >> 20} MB that ulimit -v allows): large tracks can then fail with OutOfMemory; lower it below the share, " +
            $"e.g. --Run:MemoryBudgetMb {(heapShareBytes >> 20) / 2}, or raise the limit";
    }

    private static bool RegionRangeGiven() =>
        Environment.GetEnvironmentVariable(RegionRangeVariable) is not null || Environment.GetEnvironmentVariable("COMPlus_GCRegionRange") is not null
        || AppContext.GetData("System.GC.RegionRange") is not null;

    /// <summary>Caps the native heaps when the address space is limited, unless <c>MALLOC_ARENA_MAX</c> already says how many.</summary>
    private static void CapArenas()
    {
        if (Bytes is null || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return;
        try { _ = mallopt(M_ARENA_MAX, Arenas); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }   // not glibc (musl): no arenas to cap
    }

    /// <summary>The NUL-separated strings of a /proc file (the arguments or the environment this process was started with).</summary>
    private static List<string?> NulSeparated(string path) =>
        [.. File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// True, under a limit, for the exceptions it explains, or their causes: an assembly or library that could not be
    /// mapped, out of memory, a system call's ENOMEM (a signal handler's pipe, a thread).
    /// </summary>
    public static bool Explains(Exception e)
    {
        if (Bytes is null) return false;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is FileNotFoundException or FileLoadException or DllNotFoundException or OutOfMemoryException or BadImageFormatException
                or IOException { HResult: ENOMEM }) return true;
        return false;
    }

    /// <summary>
    /// An exception no handler caught (a thread that could not start, an assembly that could not be mapped) that the
    /// limit explains: one line with its message and the advice, exit 1, instead of the runtime's stack trace and abort.
    /// </summary>
    public static void OneLineWhenExplained(object? sender, UnhandledExceptionEventArgs args)
    {
        if (args.ExceptionObject is not Exception e || !Explains(e)) return;
        if (ClaimFatalLine()) Console.Error.WriteLine($"trackpipeline: failed: {OneLine(e)}{Advice(e)}");
        Environment.Exit(ExitCodes.Fatal);
    }

    private static int _fatalLines;

    /// <summary>True for the first caller only: a run that fails for lack of room says so once, whichever thread meets it first.</summary>
    public static bool ClaimFatalLine() => Interlocked.Exchange(ref _fatalLines, 1) == 0;

    /// <summary>The message of the exception (its cause's, for a type initializer's) on one line: never the stack trace.</summary>
    public static string OneLine(Exception e)
    {
        var x = e;
        while (x is TypeInitializationException { InnerException: { } inner }) x = inner;
        return System.Text.RegularExpressions.Regex.Replace(x.Message.Trim(), @"\s*\n\s*", " ");
    }

    /// <summary>
    /// What to add to a fatal error that a limited address space explains: the limit, the heap's share and what to set.
    /// Empty otherwise.
    /// </summary>
    public static string Advice(Exception e)
    {
        if (Bytes is not { } limit || !Explains(e)) return "";
        var given = Environment.GetEnvironmentVariable(RegionRangeVariable);
        var heap = given is null
            ? $"; give the .NET heap a third of it with {RegionRangeVariable}=0x{RegionRange(limit):X}"
            : $", the .NET heap's regions to {RegionRangeVariable}={given}";
        return $" (the address space is limited to {limit >> 20} MB by ulimit -v{heap}: raise the limit, or keep --Run:MemoryBudgetMb " +
            "well below the heap's share; README, On a SLURM cluster)";
    }

    private static ulong? Read()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            return getrlimit(RLIMIT_AS, out var limit) == 0 && limit.Current != Unlimited ? limit.Current : null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

#pragma warning disable SYSLIB1054 // DllImport: this project compiles no unsafe code, which LibraryImport's generated stubs need
    [DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int getrlimit(int resource, out ResourceLimit limit);

    [DllImport("libc", EntryPoint = "execve")]
    private static extern int execve(string path, string?[] argv, string?[] environment);

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
