using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PiCam.Tests.Support;

/// <summary>
/// Starts a process that may not open netlink sockets, as systemd's <c>RestrictAddressFamilies=</c> without
/// <c>AF_NETLINK</c> leaves picam: a seccomp filter makes <c>socket(AF_NETLINK, ...)</c> fail with
/// EAFNOSUPPORT, exactly the filter systemd installs. The filter is put on a thread of our own that does
/// nothing but fork the child (seccomp filters belong to a thread and are inherited across fork and exec),
/// so the test process itself keeps netlink. That thread starts no other (the first <see cref="Process"/> of
/// a test run starts the runtime's signal thread, which opens no sockets), and queues no work to the pool.
/// </summary>
public static partial class NetlinkDenied
{
    private const int PrSetNoNewPrivs = 38;
    private const int PrSetSeccomp = 22;
    private const int SeccompModeFilter = 2;
    private const uint AfNetlink = 16;
    private const uint Allow = 0x7fff0000; // SECCOMP_RET_ALLOW
    private const uint AddressFamilyNotSupported = 0x00050000 | 97; // SECCOMP_RET_ERRNO | EAFNOSUPPORT

    /// <summary>The audit architecture and number of <c>socket(2)</c> of this machine's kernel; null where the tests do not know them.</summary>
    private static (uint Arch, uint SocketCall)? System => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => (0xC000003E, 41),
        Architecture.Arm64 => (0xC00000B7, 198),
        _ => null,
    };

    /// <summary>Starts <paramref name="start"/> with netlink denied to it and to everything it starts.</summary>
    public static Process Start(ProcessStartInfo start)
    {
        var (arch, socketCall) = System ?? throw new PlatformNotSupportedException($"no seccomp filter for {RuntimeInformation.OSArchitecture}");
        Process? process = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Deny(arch, socketCall);
                process = Process.Start(start);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is not null ? throw new InvalidOperationException("could not start the process with netlink denied", failure)
            : process ?? throw new InvalidOperationException($"could not start {start.FileName}");
    }

    /// <summary>Denies netlink to the calling thread (and what it starts) for good.</summary>
    private static void Deny(uint arch, uint socketCall)
    {
        // Classic BPF over struct seccomp_data { int nr; u32 arch; u64 ip; u64 args[6]; }, jumps counted from the next instruction.
        SockFilter[] program =
        [
            new(0x20, 0, 0, 4),                // ld  arch
            new(0x15, 0, 5, arch),             // jeq arch, else allow
            new(0x20, 0, 0, 0),                // ld  nr
            new(0x15, 0, 3, socketCall),       // jeq socket, else allow
            new(0x20, 0, 0, 16),               // ld  args[0] (the low half: little-endian)
            new(0x15, 0, 1, AfNetlink),        // jeq AF_NETLINK, else allow
            new(0x06, 0, 0, AddressFamilyNotSupported),
            new(0x06, 0, 0, Allow),
        ];
        var handle = GCHandle.Alloc(program, GCHandleType.Pinned);
        try
        {
            var filter = new SockFprog { Length = (ushort)program.Length, Filter = handle.AddrOfPinnedObject() };
            if (Prctl(PrSetNoNewPrivs, 1, 0, 0, 0) != 0 || PrctlFilter(PrSetSeccomp, SeccompModeFilter, ref filter, 0, 0) != 0)
            {
                throw new InvalidOperationException($"prctl failed with errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            handle.Free();
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct SockFilter(ushort Code, byte JumpTrue, byte JumpFalse, uint K);

    [StructLayout(LayoutKind.Sequential)]
    private struct SockFprog
    {
        public ushort Length;
        public nint Filter;
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int PrctlFilter(int option, nuint mode, ref SockFprog filter, nuint arg4, nuint arg5);
}
