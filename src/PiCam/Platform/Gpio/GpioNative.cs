using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary>
/// The GPIO character-device v2 uAPI (Linux 5.10+) through libc: <c>open</c>, <c>ioctl</c>, <c>close</c>. Only the
/// kernel's ABI is involved, which is stable, so there is no libgpiod version to match.
/// </summary>
internal static unsafe partial class GpioNative
{
    public const int OpenReadWrite = 0x2; // O_RDWR
    public const int OpenCloseOnExec = 0x80000; // O_CLOEXEC (the same on x86-64, arm and arm64)

    // ioctl takes an unsigned long: these are uint and widen to nuint at the call. (A const nuint above
    // int.MaxValue read back sign-extended in GpioAbiTests.)

    /// <summary><c>GPIO_V2_GET_LINE_IOCTL</c> = <c>_IOWR(0xB4, 0x07, struct gpio_v2_line_request)</c>.</summary>
    public const uint GetLineIoctl = 0xC250B407;

    /// <summary><c>GPIO_V2_LINE_SET_VALUES_IOCTL</c> = <c>_IOWR(0xB4, 0x0F, struct gpio_v2_line_values)</c>.</summary>
    public const uint SetValuesIoctl = 0xC010B40F;

    public const ulong FlagActiveLow = 1UL << 1; // GPIO_V2_LINE_FLAG_ACTIVE_LOW
    public const ulong FlagOutput = 1UL << 3; // GPIO_V2_LINE_FLAG_OUTPUT

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(int fd, nuint request, void* argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
