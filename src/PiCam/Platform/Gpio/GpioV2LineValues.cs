using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary><c>struct gpio_v2_line_values</c>: bit i is the logical value of the request's i-th line, if set in the mask.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GpioV2LineValues
{
    public ulong Bits;
    public ulong Mask;
}
