using System.Runtime.InteropServices;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// <c>train</c>, <c>generate</c> and <c>evaluate</c> run no host, so Ctrl+C, SIGTERM and SIGHUP killed them with no word and
/// left their hidden temporary files (<c>.classifier.zip.tmp-pid*</c>, <c>.TrackE...npz.tmp-pid*</c>) for good (breaker16,
/// breaker19 F7). Now the signal still ends the command (what it wrote whole stays; nothing is half-written: every file is
/// atomic), after one line and the removal of this process's temporary files below the folders it writes. A later command
/// writing there removes those of processes no longer alive (<see cref="RemoveLeftoversOfDeadProcesses"/>), as <c>run</c> does its shards'.
/// </summary>
public static class CommandStop
{
    /// <summary>Registers the handlers for <paramref name="command"/> writing below <paramref name="folders"/> (null entries skipped). Dispose to unregister.</summary>
    public static IDisposable Register(string command, params string?[] folders)
    {
        var registrations = new List<IDisposable>(4);
        if (OperatingSystem.IsWindows()) return new Registrations(registrations);
        var written = folders.Where(f => !string.IsNullOrEmpty(f)).Select(f => Path.GetFullPath(f!)).Distinct(StringComparer.Ordinal).ToArray();
        int said = 0;
        void Stop(PosixSignalContext context)
        {
            // Cancel stays false: the signal then ends the process as before, with its usual exit status.
            if (Interlocked.Exchange(ref said, 1) == 1) return;
            AtomicFile.Stopping = true;
            int removed = written.Sum(f => AtomicFile.RemoveStale(f, AtomicFile.Owner));
            Console.Error.WriteLine($"trackpipeline: {command}: interrupted ({context.Signal}): stopped; the files it had finished stay, " +
                $"{removed} temporary file{(removed == 1 ? "" : "s")} removed, nothing half-written");
        }
        foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT])
            registrations.Add(PosixSignalRegistration.Create(signal, Stop));
        if (!StopSignals.HangUpIgnoredAtStart())
            registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop));
        return new Registrations(registrations);
    }

    /// <summary>
    /// Deletes below <paramref name="folder"/> the temporary files (<c>.*.tmp-pid&lt;N&gt;-*</c>) of processes no longer alive
    /// (Linux: no /proc/&lt;N&gt;); those of a live process, or where liveness cannot be told, are left. Returns how many.
    /// </summary>
    public static int RemoveLeftoversOfDeadProcesses(string? folder)
    {
        if (string.IsNullOrEmpty(folder) || !OperatingSystem.IsLinux() || !Directory.Exists(folder)) return 0;
        int removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp-pid*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file);
                int at = name.LastIndexOf(".tmp-pid", StringComparison.Ordinal) + ".tmp-pid".Length;
                int dash = name.IndexOf('-', at);
                if (dash <= at || !int.TryParse(name.AsSpan(at, dash - at), out int pid) || pid == Environment.ProcessId) continue;
                if (Directory.Exists($"/proc/{pid}")) continue;
                try { File.Delete(file); removed++; }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return removed;
    }

    private sealed class Registrations(List<IDisposable> registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
