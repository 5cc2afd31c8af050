using System.Runtime.InteropServices;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// A process started under a virtual-memory limit (<c>ulimit -v</c>, RLIMIT_AS; some batch systems set it from a job's
/// memory request). Such a limit counts reserved address space, not memory in use, and two reservations of a .NET
/// process do not follow its use: the .NET GC reserves about half of the limit for its heap up front (with ~35 % more for
/// its bookkeeping), and glibc gives each thread that meets contention its own 64 MB malloc arena, up to 8 per core
/// (11 of them, 740 MB, in one sample run). Under 3 GB the arenas took what the GC left, and the app aborted at start-up
/// while loading an assembly (exit 134, known issue of the fifth session). With a limit, the native heaps are capped at
/// <see cref="Arenas"/> arenas, as <c>MALLOC_ARENA_MAX=2</c> would do: a sample run with every picture then completes
/// under 2 GB (README, cluster section). Without a limit nothing is changed.
/// </summary>
internal static class AddressSpaceLimit
{
    /// <summary>Two arenas: the main one and one for the worker threads; the app's native allocations (SkiaSharp, zstd) are few and large.</summary>
    private const int Arenas = 2;
    private const int M_ARENA_MAX = -8;          // glibc malloc.h
    private const int RLIMIT_AS = 9;             // Linux resource.h
    private const ulong Unlimited = ulong.MaxValue;

    /// <summary>The soft address-space limit in bytes, or null when there is none (or the platform has no such limit).</summary>
    public static ulong? Bytes { get; } = Read();

    /// <summary>Caps the native heaps when the address space is limited, unless <c>MALLOC_ARENA_MAX</c> already says how many; first thing at start-up.</summary>
    public static void Apply()
    {
        if (Bytes is null || Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is not null) return;
        try { _ = mallopt(M_ARENA_MAX, Arenas); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }   // not glibc (musl): no arenas to cap
    }

    /// <summary>
    /// What to add to a fatal error that a limited address space explains (an assembly that could not be mapped, out of
    /// memory): the limit and what to do. Below ~2.5 GB the GC's own reservation is too large too; a third of the limit
    /// for its regions (DOTNET_GCRegionRange) ran the sample under 1.5 and 2 GB. Empty otherwise.
    /// </summary>
    public static string Advice(Exception e)
    {
        if (Bytes is not { } limit || (e.InnerException ?? e) is not (FileNotFoundException or FileLoadException or DllNotFoundException or OutOfMemoryException)) return "";
        ulong mb = limit >> 20, third = limit / 3 >> 20 << 20;
        return $" (the address space is limited to {mb} MB by ulimit -v, and the .NET runtime reserves about half of it for its heap: " +
            $"raise the limit, or give the heap a third of it with DOTNET_GCRegionRange=0x{third:X}; README, On a SLURM cluster)";
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

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
#pragma warning restore SYSLIB1054
}
