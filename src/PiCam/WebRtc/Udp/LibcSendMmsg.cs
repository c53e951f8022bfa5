using System.Runtime.InteropServices;

namespace PiCam.WebRtc.Udp;

/// <summary>
/// Linux's <c>sendmmsg(2)</c>, which the BCL lacks: several datagrams in one system call. The structures are
/// the LP64 layouts (x86-64 and arm64, the targets); <see cref="Supported"/> is false elsewhere.
/// </summary>
internal static unsafe partial class LibcSendMmsg
{
    public const int ErrorAgain = 11;
    public const int MessageDontWait = 0x40;

    public static bool Supported { get; } = OperatingSystem.IsLinux() && IntPtr.Size == 8;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int Send(nint socket, MessageHeader* messages, uint count, int flags);

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct mmsghdr</c>: a <c>struct msghdr</c> and the bytes sent.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public byte* Control;
        public nuint ControlLength;
        public int Flags;
        public int Padding; // msghdr is 56 bytes on LP64: msg_len follows at 56
        public uint Sent;
        public int TailPadding; // mmsghdr is 64 bytes
    }
}
