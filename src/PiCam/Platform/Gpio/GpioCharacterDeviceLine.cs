using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary>
/// One output line requested from <c>/dev/gpiochipN</c> through the v2 uAPI. The chip is closed as soon as the
/// line is granted (the line's own file descriptor keeps the request alive); disposing releases the line.
/// Active-low wiring is the kernel's business (<c>GPIO_V2_LINE_FLAG_ACTIVE_LOW</c>), so logical on is always 1.
/// </summary>
internal sealed class GpioCharacterDeviceLine : IStatusLine
{
    private readonly string _chipPath;
    private readonly int _offset;
    private int _lineFd;

    /// <exception cref="GpioException">The chip is missing or not a GPIO chip, the line is busy or out of range, or access is denied.</exception>
    public GpioCharacterDeviceLine(string chipPath, int offset, bool activeLow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        _chipPath = chipPath;
        _offset = offset;
        _lineFd = RequestLine(chipPath, (uint)offset, activeLow);
    }

    public unsafe void Set(bool on)
    {
        var fd = Volatile.Read(ref _lineFd);
        ObjectDisposedException.ThrowIf(fd < 0, this);
        var values = new GpioV2LineValues { Bits = on ? 1UL : 0UL, Mask = 1 };
        if (GpioNative.Ioctl(fd, GpioNative.SetValuesIoctl, &values) < 0)
        {
            throw new GpioException($"cannot set line {_offset} of {_chipPath}", Marshal.GetLastPInvokeError());
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _lineFd, -1);
        if (fd >= 0)
        {
            GpioNative.Close(fd);
        }
    }

    private static unsafe int RequestLine(string chipPath, uint offset, bool activeLow)
    {
        var chip = GpioNative.Open(chipPath, GpioNative.OpenReadWrite | GpioNative.OpenCloseOnExec);
        if (chip < 0)
        {
            throw new GpioException($"cannot open {chipPath}", Marshal.GetLastPInvokeError());
        }

        try
        {
            var request = GpioV2LineRequest.ForOutput(offset, activeLow);
            if (GpioNative.Ioctl(chip, GpioNative.GetLineIoctl, &request) < 0)
            {
                throw new GpioException($"{chipPath} refused line {offset}", Marshal.GetLastPInvokeError());
            }

            return request.Fd;
        }
        finally
        {
            GpioNative.Close(chip);
        }
    }
}
