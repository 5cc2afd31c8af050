using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TrackPipeline.Pipeline;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so that a stage's
/// timing counts its work and not the time its thread waited for a core. Elsewhere it falls back to wall time.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    private static readonly bool Available = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>True when <see cref="NowNanoseconds"/> is the thread's CPU time (else wall time).</summary>
    public static bool IsThreadCpuTime => Available;

    public static long NowNanoseconds()
    {
        if (Available && ClockGetTime(ClockThreadCpuTimeId, out var t) == 0) return t.Seconds * 1_000_000_000 + t.Nanoseconds;
        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }
}
