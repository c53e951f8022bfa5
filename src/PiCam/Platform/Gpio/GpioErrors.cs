using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary>What an errno from the GPIO character device means for someone wiring a light.</summary>
internal static class GpioErrors
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;

    public static string Describe(int errno) => errno switch
    {
        ENOENT => "it does not exist (ENOENT)",
        EACCES => "permission denied; run as root or as a member of the gpio group (EACCES)",
        EPERM => "operation not permitted; run as root or as a member of the gpio group (EPERM)",
        EBUSY => "the line is already in use by another program or a kernel driver (EBUSY)",
        EINVAL => "the chip has no such line (EINVAL)",
        ENOTTY => "not a GPIO chip, or the kernel lacks the GPIO v2 interface of Linux 5.10 (ENOTTY)",
        ENODEV => "the device has gone away (ENODEV)",
        _ => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})",
    };
}
