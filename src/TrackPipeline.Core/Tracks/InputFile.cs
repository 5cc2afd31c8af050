using System.Runtime.InteropServices;
using TrackPipeline.Formats;

namespace TrackPipeline.Tracks;

/// <summary>
/// Checks an input before it is opened: it must be a regular file (after following symbolic links). A FIFO named
/// <c>*.npz</c> would block the first read for ever and a link to <c>/dev/urandom</c> never ends, so both are
/// rejected from the file's type alone, read with <c>statx</c> (which never opens the file).
/// </summary>
public static partial class InputFile
{
    /// <summary>The file's size in bytes; throws a <see cref="InputErrorKind.NotRegularFile"/> error for anything but a regular file.</summary>
    public static long RequireRegular(string path)
    {
        var (type, size) = TypeAndSize(path);
        if (type != FileType.Regular)
            throw new TrackFormatException(InputErrorKind.NotRegularFile, path, null, null,
                $"is a {Describe(type)}, not a regular file: not read (reading it could block or never end)");
        return size;
    }

    /// <summary>
    /// Whether nothing is at <paramref name="path"/> any more: no file, folder or link (a broken link is there, and is a
    /// problem to say). A truth pickle deleted between the listing and its read is then a track without truth, as real
    /// data has none (breaker19 F4), not an error row.
    /// </summary>
    public static bool IsGone(string path) =>
        !File.Exists(path) && !Directory.Exists(path) && new FileInfo(path).LinkTarget is null;

    private enum FileType { Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

    private static string Describe(FileType type) => type switch
    {
        FileType.Fifo => "FIFO (named pipe)",
        FileType.CharacterDevice => "character device",
        FileType.BlockDevice => "block device",
        FileType.Directory => "folder",
        FileType.Socket => "socket",
        _ => "special file",
    };

    private static (FileType Type, long Size) TypeAndSize(string path)
    {
        if (OperatingSystem.IsLinux()) return Statx(path);
        // Elsewhere (no FIFOs or devices among ordinary paths on Windows): what FileInfo can tell.
        var info = new FileInfo(path);
        if (!info.Exists) throw Missing(path, Directory.Exists(path) ? "is a folder" : "does not exist");
        return (FileType.Regular, info.Length);
    }

    // struct statx: the layout is fixed by the kernel ABI on every architecture (that is why statx exists).
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int ModeOffset = 28, SizeOffset = 40, StatxBytes = 256;
    private const int Enoent = 2, Enotdir = 20, Eacces = 13;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeStatx(int dirFd, string path, int flags, uint mask, [Out] byte[] buffer);

    private static (FileType, long) Statx(string path)
    {
        var buffer = new byte[StatxBytes];
        if (NativeStatx(AtFdCwd, path, 0, StatxType | StatxSize, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw Missing(path, errno switch
            {
                // A name in another encoding than UTF-8 is listed with U+FFFD for its bytes and cannot be opened by that name (breaker18).
                Enoent or Enotdir when path.Contains('\uFFFD', StringComparison.Ordinal) =>
                    "has a name that is not valid UTF-8 (its bytes are shown as U+FFFD), so it cannot be opened by name: rename it in UTF-8 (e.g. convmv)",
                Enoent or Enotdir => "does not exist (or is a broken link)",
                Eacces => "cannot be reached: permission denied",
                _ => $"cannot be inspected (errno {errno})",
            });
        }
        int mode = BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000;
        long size = BitConverter.ToInt64(buffer, SizeOffset);
        var type = mode switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x1000 => FileType.Fifo,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            0xC000 => FileType.Socket,
            _ => FileType.Other,
        };
        return (type, size);
    }

    private static TrackFormatException Missing(string path, string problem) => new(InputErrorKind.Io, path, null, null, problem);
}
