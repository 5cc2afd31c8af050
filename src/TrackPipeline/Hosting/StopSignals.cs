using System.Globalization;
using System.Runtime.InteropServices;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// The signals the host does not take over (it handles SIGINT, SIGQUIT and SIGTERM): SIGHUP, the terminal closed or the ssh
/// session dropped, killed the run at once with no <c>Interrupted</c> line and its report left "running" (breaker19 F7);
/// it now stops the run as SIGTERM does (exit 130). A process started ignoring SIGHUP (<c>nohup</c>) keeps ignoring it.
/// SIGXFSZ (a file grew past <c>ulimit -f</c>) killed it with no word (F10): it is taken, so that the write fails with
/// EFBIG ("File too large") and the run says so in its one line, as on a full disk.
/// </summary>
public static class StopSignals
{
    /// <summary>SIGXFSZ's number on Linux (every architecture .NET runs on) and macOS; not in <see cref="PosixSignal"/>.</summary>
    private const int SigXfsz = 25;

    /// <summary>SIGHUP's bit in /proc/self/status's SigIgn mask (signal 1 is bit 0).</summary>
    private const ulong HangUpBit = 1;

    /// <summary>Registers both; <paramref name="stop"/> is what SIGTERM does (the host's StopApplication). Dispose to unregister.</summary>
    public static IDisposable Register(Action stop)
    {
        var registrations = new List<IDisposable>(2);
        if (OperatingSystem.IsWindows()) return new Registrations(registrations);
        if (!HangUpIgnoredAtStart())
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => { context.Cancel = true; stop(); }));
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            registrations.Add(PosixSignalRegistration.Create((PosixSignal)SigXfsz, context => context.Cancel = true));
        return new Registrations(registrations);
    }

    /// <summary>Whether the process was started with SIGHUP ignored (nohup); false where /proc cannot tell.</summary>
    internal static bool HangUpIgnoredAtStart()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                    return ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) && (mask & HangUpBit) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return false;
    }

    private sealed class Registrations(List<IDisposable> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
