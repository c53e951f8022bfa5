using System.Runtime.InteropServices;

namespace PiCam.Platform;

/// <summary>The libc calls the BCL lacks.</summary>
internal static partial class LibC
{
    /// <summary><c>struct statvfs</c> on 64-bit Linux (glibc and musl agree on this layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StatVfs
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong MaxNameLength;
        public ulong Spare0;
        public ulong Spare1;
        public ulong Spare2;
    }

    public const int SIGTERM = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int StatVfsCall(string path, out StatVfs buffer);
}
