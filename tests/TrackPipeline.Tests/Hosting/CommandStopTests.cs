using TrackPipeline.App.Hosting;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// breaker20 items 1 and 3: a stopped train / generate / evaluate walked its output folders to remove its temporary files
/// (an unreadable folder below aborted it with a stack trace), and a later one removed temporary files of processes it
/// could not see (another host or pid namespace sharing the folder) although they were alive.
/// </summary>
[Collection(ConsoleCapture.Name)]   // RemoveInFlight is process-wide: no other test may be writing meanwhile
public sealed class CommandStopTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-stop-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_stop_removes_exactly_the_temporary_files_this_process_has_begun()
    {
        var target = Path.Combine(_work, "model", "classifier.zip");
        var other = Path.Combine(_work, "model", ".classifier.zip.tmp-pid999999-0123");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(other, "another process's");
        string? begun = null;
        var failure = Record.Exception(() => AtomicFile.Write(target, stream =>
        {
            stream.WriteByte(1);
            begun = Directory.EnumerateFiles(Path.GetDirectoryName(target)!, ".classifier.zip.tmp-pid" + Environment.ProcessId + "*").Single();
            // The signal arrives while the file is being written.
            Assert.Equal(1, AtomicFile.RemoveInFlight());
        }));
        Assert.NotNull(failure);   // its rename then fails, as on a full disk
        Assert.False(File.Exists(begun));
        Assert.False(File.Exists(target));
        Assert.True(File.Exists(other));
        Assert.Equal(0, AtomicFile.RemoveInFlight());
    }

    [Fact]
    public void Leftovers_of_a_process_not_seen_here_are_removed_only_once_untouched_for_long()
    {
        if (!OperatingSystem.IsLinux()) return;
        var folder = Path.Combine(_work, "generated", "LAr");
        Directory.CreateDirectory(folder);
        // A pid no process here has (above the kernel's pid_max bound of 2^22): alive elsewhere, or dead.
        var fresh = Path.Combine(folder, ".TrackE0001000_X.npz.tmp-pid4194400-ab");
        var old = Path.Combine(folder, ".TrackE0001000_Y.npz.tmp-pid4194401-cd");
        File.WriteAllText(fresh, "");
        File.WriteAllText(old, "");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));
        Assert.Equal(1, CommandStop.RemoveLeftoversOfDeadProcesses(Path.Combine(_work, "generated")));
        Assert.True(File.Exists(fresh));
        Assert.False(File.Exists(old));
    }
}
