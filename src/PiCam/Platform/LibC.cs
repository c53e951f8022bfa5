using System.Runtime.InteropServices;

namespace PiCam.Platform;

/// <summary>The libc calls the BCL lacks: sending a signal other than SIGKILL. (Free disk space is <see cref="DriveInfo"/>.)</summary>
internal static partial class LibC
{
    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
