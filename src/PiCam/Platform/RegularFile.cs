using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PiCam.Platform;

/// <summary>Why a path cannot be read as a file.</summary>
internal enum FileProblem
{
    None,
    Missing,
    Directory,
    /// <summary>A FIFO, a device (<c>/dev/zero</c>, <c>/dev/urandom</c>) or a socket: endless, or blocking.</summary>
    NotRegular,
    PermissionDenied,
    TooLarge,
    Unreadable,
}

/// <summary>
/// Reads files a user names in the configuration (PEM keys and certificates, MJPEG files) without trusting
/// what they are: only a regular file (symlinks followed) is read, and only up to a size cap. The file is
/// opened non-blocking, so a FIFO never hangs the open, and its type is checked on the opened descriptor,
/// so a file swapped between a check and the open cannot slip through. Problems are values, not exception
/// messages (which are resource keys in a trimmed build), for sentences of our own.
/// </summary>
internal static partial class RegularFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int OpenReadOnlyNonBlocking = 0x800 | 0x100 | 0x80000; // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC (the same on x64 and arm64)
    private const int FileTypeMask = 0xF000; // S_IFMT
    private const int RegularType = 0x8000; // S_IFREG
    private const int DirectoryType = 0x4000; // S_IFDIR

    /// <summary>What <paramref name="path"/> is now (following symlinks), without opening it; the size when it is a regular file.</summary>
    public static (FileProblem Problem, long Size) Check(string path)
    {
        if (StatxPath(AtFdCwd, path, 0, StatxType | StatxSize, out var status) != 0)
        {
            return (FromErrno(Marshal.GetLastPInvokeError()), 0);
        }

        return (Classify(status.Mode), (long)status.Size);
    }

    /// <summary>Reads the whole of a regular file of at most <paramref name="maxBytes"/>; null with the problem otherwise.</summary>
    public static byte[]? TryRead(string path, int maxBytes, out FileProblem problem)
    {
        var fd = Open(path, OpenReadOnlyNonBlocking);
        if (fd < 0)
        {
            problem = FromErrno(Marshal.GetLastPInvokeError());
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (StatxPath(fd, "", AtEmptyPath, StatxType | StatxSize, out var status) != 0)
        {
            problem = FileProblem.Unreadable;
            return null;
        }

        problem = Classify(status.Mode);
        if (problem != FileProblem.None)
        {
            return null;
        }

        if (status.Size > (ulong)maxBytes)
        {
            problem = FileProblem.TooLarge;
            return null;
        }

        // Read one byte more than allowed: a file that grew since fstat is too large as well.
        var buffer = new byte[(int)status.Size + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
            }
        }
        catch (IOException)
        {
            problem = FileProblem.Unreadable;
            return null;
        }

        if (length > maxBytes)
        {
            problem = FileProblem.TooLarge;
            return null;
        }

        return buffer[..length];
    }

    /// <summary>The problem as words that fit after the path: "/x is a directory, not a file".</summary>
    public static string Describe(FileProblem problem, int maxBytes = 0) => problem switch
    {
        FileProblem.Missing => "does not exist",
        FileProblem.Directory => "is a directory, not a file",
        FileProblem.NotRegular => "is not a regular file (a device, a FIFO or a socket)",
        FileProblem.PermissionDenied => "cannot be read by picam (permission denied)",
        FileProblem.TooLarge => $"is larger than {maxBytes / 1024} KiB",
        FileProblem.Unreadable => "cannot be read (an I/O error)",
        _ => "is fine",
    };

    private static FileProblem Classify(ushort mode) => (mode & FileTypeMask) switch
    {
        RegularType => FileProblem.None,
        DirectoryType => FileProblem.Directory,
        _ => FileProblem.NotRegular,
    };

    private static FileProblem FromErrno(int errno) => errno switch
    {
        2 or 20 or 40 => FileProblem.Missing, // ENOENT, ENOTDIR (a part of the path is a file), ELOOP
        1 or 13 => FileProblem.PermissionDenied, // EPERM, EACCES
        _ => FileProblem.Unreadable,
    };

    /// <summary>The parts of <c>struct statx</c> we read; its layout is the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Statx
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxPath(int directory, string path, int flags, uint mask, out Statx buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
