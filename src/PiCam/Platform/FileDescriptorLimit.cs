using System.Runtime.InteropServices;

namespace PiCam.Platform;

/// <summary>
/// Every connection is a file descriptor. The soft limit is often 1,024 (systemd's default) while the hard
/// limit is far higher; the .NET JIT host raises it, NativeAOT does not. So the server raises it itself.
/// </summary>
internal static class FileDescriptorLimit
{
    /// <summary>What the limit is when it cannot be read (not Linux): systemd's soft default.</summary>
    public const long Unknown = 1024;

    /// <summary>Raises the soft limit to the hard limit; returns the soft limit in force afterwards.</summary>
    public static long RaiseToHardLimit()
    {
        if (!OperatingSystem.IsLinux() || LibC.GetRLimit(LibC.RlimitNoFile, out var limit) != 0)
        {
            return Unknown;
        }

        if (limit.Current < limit.Maximum)
        {
            var raised = limit with { Current = limit.Maximum };
            if (LibC.SetRLimit(LibC.RlimitNoFile, raised) == 0)
            {
                limit = raised;
            }
            else
            {
                _ = Marshal.GetLastPInvokeError();
            }
        }

        return limit.Current > long.MaxValue ? long.MaxValue : (long)limit.Current;
    }

    /// <summary>Descriptors this process has open now, or a guess where <c>/proc</c> is missing.</summary>
    public static int OpenNow()
    {
        try
        {
            return Directory.GetFiles("/proc/self/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 64;
        }
    }

    /// <summary>
    /// Descriptors the runtime will still open after start: none for the NativeAOT binary; under the JIT two for
    /// each assembly it loads later (about 50 do, on the first requests and the first WebRTC session), so 128.
    /// </summary>
    public static int OpenedLater => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? 128 : 0;
}
