using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PiCam.Platform;

/// <summary>
/// Reads a small file whole, safely whatever the path names: only a regular file is read (never a FIFO,
/// which would block, nor a device, which may be endless like <c>/dev/zero</c> or act on open like a
/// watchdog), and never more than a cap, so a huge file costs neither memory nor time. The type is checked
/// with <c>statx</c> before opening, and again on the opened descriptor (opened non-blocking), so a file
/// swapped in between cannot slip past. <c>/dev/null</c> reads as empty: it is the usual way to say "none".
/// Used for the configuration, PEM keys and certificates, and MJPEG files. Problems are values, not
/// exception messages, so what a user reads is a sentence of ours.
/// </summary>
internal static partial class RegularFile
{
    private const int NoSystemCall = 38; // ENOSYS
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int CharacterDevice = 0x2000;
    private const int OpenReadOnlyNonBlocking = 0x800 /* O_NONBLOCK */ | 0x100 /* O_NOCTTY */ | 0x80000 /* O_CLOEXEC */;

    /// <summary>Reads <paramref name="path"/> if it is a regular file of at most <paramref name="maxBytes"/>.</summary>
    public static RegularFileResult Read(string path, int maxBytes)
    {
        var info = new StatxBuffer();
        if (!OperatingSystem.IsLinux() || (!TryStatx(AtFdCwd, path, 0, ref info, out var errno) && errno == NoSystemCall))
        {
            return ReadPortable(path, maxBytes);
        }

        if (errno != 0)
        {
            return Failed(errno);
        }

        if (Classify(info, maxBytes) is { } refused)
        {
            return refused;
        }

        var fd = Open(path, OpenReadOnlyNonBlocking);
        if (fd < 0)
        {
            return Failed(Marshal.GetLastPInvokeError());
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!TryStatx(fd, "", AtEmptyPath, ref info, out errno))
        {
            return Failed(errno);
        }

        if (Classify(info, maxBytes) is { } swapped)
        {
            return swapped;
        }

        return ReadBounded(handle, maxBytes);
    }

    /// <summary>
    /// Whether something may be at <paramref name="path"/>: false only when the system says there is nothing
    /// (ENOENT, ENOTDIR). A path that cannot even be looked at (a directory picam may not enter) counts as
    /// existing, so that a configuration hidden that way fails closed instead of being skipped.
    /// </summary>
    public static bool MayExist(string path)
    {
        var info = new StatxBuffer();
        if (!OperatingSystem.IsLinux() || (!TryStatx(AtFdCwd, path, 0, ref info, out var errno) && errno == NoSystemCall))
        {
            return File.Exists(path) || Directory.Exists(path);
        }

        return errno is not (2 or 20);
    }

    /// <summary>Reads like <see cref="Read"/>; null with the problem when the file cannot be used.</summary>
    public static byte[]? TryRead(string path, int maxBytes, out FileProblem problem)
    {
        var result = Read(path, maxBytes);
        problem = result.Problem;
        return result.Bytes;
    }

    /// <summary>What <paramref name="path"/> is now (following symlinks), without opening it; the size when it is a regular file.</summary>
    public static (FileProblem Problem, long Size) Check(string path)
    {
        var info = new StatxBuffer();
        if (!OperatingSystem.IsLinux() || (!TryStatx(AtFdCwd, path, 0, ref info, out var errno) && errno == NoSystemCall))
        {
            return File.Exists(path) ? (FileProblem.None, new FileInfo(path).Length)
                : Directory.Exists(path) ? (FileProblem.Directory, 0) : (FileProblem.Missing, 0);
        }

        if (errno != 0)
        {
            return (Failed(errno).Problem, 0);
        }

        return (info.Mode & TypeMask) switch
        {
            Regular => (FileProblem.None, (long)info.Size),
            DirectoryType => (FileProblem.Directory, 0),
            _ => (FileProblem.NotRegular, 0),
        };
    }

    /// <summary>statx, or the errno it failed with; <see cref="NoSystemCall"/> when neither libc nor the kernel has it.</summary>
    private static bool TryStatx(int directory, string path, int flags, ref StatxBuffer info, out int errno)
    {
        try
        {
            if (Statx(directory, path, flags, StatxType | StatxSize, ref info) == 0)
            {
                errno = 0;
                return true;
            }

            errno = Marshal.GetLastPInvokeError();
        }
        catch (EntryPointNotFoundException)
        {
            errno = NoSystemCall; // glibc before 2.28
        }

        return false;
    }

    /// <summary>Refuses what is not a regular file within the cap; null when it may be read.</summary>
    private static RegularFileResult? Classify(in StatxBuffer info, int maxBytes)
    {
        switch (info.Mode & TypeMask)
        {
            case Regular:
                return info.Size > (ulong)maxBytes ? new RegularFileResult(null, FileProblem.TooLarge) : null;
            case CharacterDevice when info.RdevMajor == 1 && info.RdevMinor == 3:
                return new RegularFileResult([], FileProblem.None); // /dev/null
            case DirectoryType:
                return new RegularFileResult(null, FileProblem.Directory);
            default:
                return new RegularFileResult(null, FileProblem.NotRegular);
        }
    }

    /// <summary>Reads at most <paramref name="maxBytes"/> + 1, so a file that grew after the check is still caught.</summary>
    private static RegularFileResult ReadBounded(SafeFileHandle handle, int maxBytes)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        return new RegularFileResult(null, FileProblem.TooLarge);
                    }

                    Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
                }

                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                if (read == 0)
                {
                    return new RegularFileResult(buffer[..total], FileProblem.None);
                }

                total += read;
            }
        }
        catch (IOException)
        {
            return new RegularFileResult(null, FileProblem.Unreadable);
        }
    }

    /// <summary>Elsewhere (tests on a developer's machine): the same rules through the BCL, without the FIFO guarantee.</summary>
    private static RegularFileResult ReadPortable(string path, int maxBytes)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return new RegularFileResult(null, FileProblem.Directory);
            }

            using var handle = File.OpenHandle(path);
            return RandomAccess.GetLength(handle) > maxBytes ? new RegularFileResult(null, FileProblem.TooLarge) : ReadBounded(handle, maxBytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new RegularFileResult(null, FileProblem.Missing);
        }
        catch (UnauthorizedAccessException)
        {
            return new RegularFileResult(null, FileProblem.PermissionDenied);
        }
        catch (IOException)
        {
            return new RegularFileResult(null, FileProblem.Unreadable);
        }
    }

    private static RegularFileResult Failed(int errno) => new(null, errno switch
    {
        2 or 20 or 40 => FileProblem.Missing, // ENOENT, ENOTDIR (a path through a file), ELOOP
        1 or 13 => FileProblem.PermissionDenied, // EPERM, EACCES
        21 => FileProblem.Directory, // EISDIR
        _ => FileProblem.Unreadable, // EIO, ELOOP, ENAMETOOLONG, ...
    });

    /// <summary>The fields of Linux's <c>struct statx</c> used here; the layout is the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(128)]
        public uint RdevMajor;

        [FieldOffset(132)]
        public uint RdevMinor;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);
}
