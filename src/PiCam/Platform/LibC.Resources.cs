using System.Runtime.InteropServices;

namespace PiCam.Platform;

/// <summary>Resource limits and socket queue sizes: libc calls the BCL lacks.</summary>
internal static partial class LibC
{
    /// <summary><c>RLIMIT_NOFILE</c>: the same number on x86-64 and arm64 Linux.</summary>
    public const int RlimitNoFile = 7;

    /// <summary><c>SIOCOUTQNSD</c> (Linux 3.12+, every architecture): bytes in a TCP socket's send queue not sent yet.</summary>
    public const uint SiocOutQNotSent = 0x894B;

    /// <summary><c>struct rlimit</c>: <c>rlim_t</c> is 64 bits on 64-bit Linux.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetRLimit(int resource, in RLimit limit);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int IoctlInt(nint fd, nuint request, out int value);
}
