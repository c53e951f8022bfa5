using System.Runtime.InteropServices;

namespace PiCam.Platform.Gpio;

/// <summary><c>struct gpio_v2_line_config</c> from <c>linux/gpio.h</c>: 272 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GpioV2LineConfig
{
    /// <summary><c>GPIO_V2_LINE_FLAG_*</c> for every requested line.</summary>
    public ulong Flags;
    public uint NumAttributes;
    public fixed uint Padding[5];

    /// <summary>
    /// <c>struct gpio_v2_line_config_attribute attrs[10]</c>, each three u64s (id and padding, value, mask).
    /// The light needs none: an output line starts at logical 0, which is off.
    /// </summary>
    public fixed ulong Attributes[30];
}
