using System.Runtime.InteropServices;
using TrackPipeline.Output;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// <c>train</c>, <c>generate</c> and <c>evaluate</c> run no host, so Ctrl+C, SIGTERM and SIGHUP killed them with no word and
/// left their hidden temporary files (<c>.classifier.zip.tmp-pid*</c>, <c>.TrackE...npz.tmp-pid*</c>) for good (breaker16,
/// breaker19 F7). Now the signal still ends the command (what it wrote whole stays; nothing is half-written: every file is
/// atomic), after one line and the removal of the temporary files this process had begun (<see cref="AtomicFile.RemoveInFlight"/>:
/// no folder is walked, breaker20 item 1). A later command writing into the same folder removes the leftovers of a killed
/// one (<see cref="RemoveLeftoversOfDeadProcesses"/>), as <c>run</c> does its shards'.
/// </summary>
public static class CommandStop
{
    /// <summary>
    /// How long a leftover must have been untouched before a later command deletes it: a process id says nothing across
    /// hosts or pid namespaces sharing a folder (NFS, containers; breaker20 item 3), but a live writer touches its temporary
    /// file all the time (a track's .npz or a model is written in seconds), so one untouched for an hour is a dead one's.
    /// </summary>
    private static readonly TimeSpan LeftoverAge = TimeSpan.FromHours(1);

    /// <summary>Registers the handlers for <paramref name="command"/>. Dispose to unregister.</summary>
    public static IDisposable Register(string command)
    {
        var registrations = new List<IDisposable>(4);
        if (OperatingSystem.IsWindows()) return new Registrations(registrations);
        int said = 0;
        void Stop(PosixSignalContext context)
        {
            // Cancel stays false: the signal then ends the process as before, with its usual exit status.
            if (Interlocked.Exchange(ref said, 1) == 1) return;
            AtomicFile.Stopping = true;
            int removed = AtomicFile.RemoveInFlight();
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
    /// Deletes below <paramref name="folder"/> the temporary files (<c>.*.tmp-pid&lt;N&gt;-*</c>) of other processes that are
    /// no longer alive here (Linux: no /proc/&lt;N&gt;) and untouched for <see cref="LeftoverAge"/>; folders it cannot read and
    /// links to folders are passed over. Returns how many.
    /// </summary>
    public static int RemoveLeftoversOfDeadProcesses(string? folder) => RemoveLeftoversOfDeadProcesses(folder, DateTime.UtcNow - LeftoverAge);

    internal static int RemoveLeftoversOfDeadProcesses(string? folder, DateTime untouchedSinceUtc)
    {
        if (string.IsNullOrEmpty(folder) || !OperatingSystem.IsLinux() || !Directory.Exists(folder)) return 0;
        var walk = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        int removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp-pid*", walk))
            {
                var name = Path.GetFileName(file);
                int at = name.LastIndexOf(".tmp-pid", StringComparison.Ordinal) + ".tmp-pid".Length;
                int dash = name.IndexOf('-', at);
                if (dash <= at || !int.TryParse(name.AsSpan(at, dash - at), out int pid) || pid == Environment.ProcessId) continue;
                if (Directory.Exists($"/proc/{pid}")) continue;
                try
                {
                    if (File.GetLastWriteTimeUtc(file) > untouchedSinceUtc) continue;
                    File.Delete(file);
                    removed++;
                }
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
