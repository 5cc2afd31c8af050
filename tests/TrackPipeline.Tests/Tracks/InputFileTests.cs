using TrackPipeline.Formats;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Tracks;

/// <summary>
/// breaker18 item 6: a track file whose name is not valid UTF-8 (bytes from another encoding) is listed by .NET with
/// U+FFFD in place of the bytes, so the name cannot be opened again and the check said "does not exist (or is a broken
/// link)" of a file the user sees. It now says what is wrong with the name.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-inputfile-").FullName;

    // .NET cannot delete a name it cannot spell: rm does.
    public void Dispose()
    {
        using var rm = System.Diagnostics.Process.Start("rm", ["-rf", _work]);
        rm.WaitForExit();
    }

    [Fact]
    public async Task A_name_that_is_not_valid_utf8_is_said_to_be_so_not_missing()
    {
        if (!OperatingSystem.IsLinux()) return;   // names are bytes only on Linux
        // The shell writes the byte 0xFF (Latin-1 'ÿ'), which no UTF-16 string of .NET can carry to the file system.
        using (var touch = System.Diagnostics.Process.Start("sh", ["-c", "touch \"$1$(printf '\\377').npz\"", "sh", Path.Combine(_work, "TrackE0001000_latin")]))
        {
            await touch.WaitForExitAsync();
            Assert.Equal(0, touch.ExitCode);
        }
        var listed = Assert.Single(Directory.GetFiles(_work));
        Assert.Contains('\uFFFD', listed);
        var e = Assert.Throws<TrackFormatException>(() => InputFile.RequireRegular(listed));
        Assert.Contains("not valid UTF-8", e.Message);
        Assert.DoesNotContain("does not exist", e.Message);

        // A name that is valid but absent still reads "does not exist".
        var missing = Assert.Throws<TrackFormatException>(() => InputFile.RequireRegular(Path.Combine(_work, "TrackE0001000_gone.npz")));
        Assert.Contains("does not exist", missing.Message);
    }
}
