using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary><c>struct gpio_v2_line_request</c> from <c>linux/gpio.h</c>: 592 bytes, the argument of <c>GPIO_V2_GET_LINE_IOCTL</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioV2LineRequest
{
    public const int ConsumerLength = 32;

    public fixed uint Offsets[64];
    public fixed byte Consumer[ConsumerLength];
    public GpioV2LineConfig Config;
    public uint NumLines;
    public uint EventBufferSize;
    public fixed uint Padding[5];

    /// <summary>Filled in by the kernel: the file descriptor of the requested line.</summary>
    public int Fd;

    /// <summary>A request for the single output line <paramref name="offset"/>, labelled <c>picam</c> in <c>gpioinfo</c>.</summary>
    public static GpioV2LineRequest ForOutput(uint offset, bool activeLow)
    {
        var request = default(GpioV2LineRequest);
        request.Offsets[0] = offset;
        request.NumLines = 1;
        request.Config.Flags = GpioNative.FlagOutput | (activeLow ? GpioNative.FlagActiveLow : 0);
        "picam"u8.CopyTo(new Span<byte>(request.Consumer, ConsumerLength));
        request.Fd = -1;
        return request;
    }
}
