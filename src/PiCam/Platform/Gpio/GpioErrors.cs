using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary>What a failure of the GPIO chip or of libgpiod means for someone wiring a light.</summary>
internal static class GpioErrors
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;

    /// <summary>The library System.Device.Gpio's libgpiod v2 driver loads.</summary>
    public const string Library = "libgpiod.so.3";

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

    /// <summary>
    /// Says why a call into System.Device.Gpio failed. The library puts the C library's text for errno in its
    /// message (<c>Could not request line/s: Error: 'Device or resource busy', RequestConfig: …</c>), and the
    /// thread's last error is often overwritten by then (measured on a PL061 chip: a busy line came back
    /// without EBUSY), so the errno is found by its quoted text; <paramref name="errno"/> only goes first.
    /// Anything else is the library's first clause, without its dump of the request.
    /// </summary>
    public static string Explain(Exception failure, int errno)
    {
        for (var ex = failure; ex is not null; ex = ex.InnerException)
        {
            if (ex is DllNotFoundException)
            {
                return $"{Library} is not installed; install the libgpiod3 package (Debian and Raspberry Pi OS trixie)";
            }

            if (ex is EntryPointNotFoundException)
            {
                return $"the installed {Library} is not libgpiod 2.x; install the libgpiod3 package";
            }
        }

        foreach (var candidate in (ReadOnlySpan<int>)[errno, EBUSY, ENOENT, EACCES, EPERM, EINVAL, ENOTTY, ENODEV])
        {
            if (candidate > 0 && failure.Message.Contains($"'{Marshal.GetPInvokeErrorMessage(candidate)}'", StringComparison.Ordinal))
            {
                return Describe(candidate);
            }
        }

        var message = failure.Message;
        var end = message.IndexOfAny([',', '\n']);
        return end > 0 ? message[..end] : message;
    }
}
