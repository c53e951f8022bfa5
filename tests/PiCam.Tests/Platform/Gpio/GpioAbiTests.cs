using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

/// <summary>The structs and ioctl numbers against <c>linux/gpio.h</c>: the kernel checks none of them for us.</summary>
public sealed class GpioAbiTests
{
    private const uint GpioMagic = 0xB4;

    /// <summary><c>_IOWR(type, nr, size)</c> from <c>asm-generic/ioctl.h</c>: direction read|write, 14 bits of size.</summary>
    private static uint Iowr(uint type, uint nr, int size)
    {
        const uint ReadWrite = 3;
        Assert.InRange(size, 0, (1 << 14) - 1);
        return (ReadWrite << 30) | ((uint)size << 16) | (type << 8) | nr;
    }

    [Fact]
    public void LineRequest_Is592Bytes_AsTheKernelDefinesIt()
    {
        Assert.Equal(592, Unsafe.SizeOf<GpioV2LineRequest>());
        Assert.Equal(592, Marshal.SizeOf<GpioV2LineRequest>());
    }

    [Fact]
    public void LineRequest_FieldsSitAtTheKernelsOffsets()
    {
        Assert.Equal(0, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.Offsets)).ToInt32());
        Assert.Equal(256, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.Consumer)).ToInt32());
        Assert.Equal(288, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.Config)).ToInt32());
        Assert.Equal(560, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.NumLines)).ToInt32());
        Assert.Equal(564, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.EventBufferSize)).ToInt32());
        Assert.Equal(588, Marshal.OffsetOf<GpioV2LineRequest>(nameof(GpioV2LineRequest.Fd)).ToInt32());
    }

    [Fact]
    public void LineConfig_Is272BytesWithTenAttributesOf24()
    {
        Assert.Equal(272, Unsafe.SizeOf<GpioV2LineConfig>());
        Assert.Equal(8, Marshal.OffsetOf<GpioV2LineConfig>(nameof(GpioV2LineConfig.NumAttributes)).ToInt32());
        Assert.Equal(32, Marshal.OffsetOf<GpioV2LineConfig>(nameof(GpioV2LineConfig.Attributes)).ToInt32());
    }

    [Fact]
    public void LineValues_Is16Bytes()
    {
        Assert.Equal(16, Unsafe.SizeOf<GpioV2LineValues>());
        Assert.Equal(16, Marshal.SizeOf<GpioV2LineValues>());
    }

    [Fact]
    public void GetLineIoctl_IsIowrOfTheRequestStruct()
    {
        var computed = Iowr(GpioMagic, 0x07, Unsafe.SizeOf<GpioV2LineRequest>());

        Assert.Equal(GpioNative.GetLineIoctl, computed);
        Assert.Equal(0xC250B407u, GpioNative.GetLineIoctl);
    }

    [Fact]
    public void SetValuesIoctl_IsIowrOfTheValuesStruct()
    {
        var computed = Iowr(GpioMagic, 0x0F, Unsafe.SizeOf<GpioV2LineValues>());

        Assert.Equal(GpioNative.SetValuesIoctl, computed);
        Assert.Equal(0xC010B40Fu, GpioNative.SetValuesIoctl);
    }

    [Fact]
    public unsafe void ForOutput_RequestsOneOutputLineNamedPicam()
    {
        var request = GpioV2LineRequest.ForOutput(17, activeLow: false);

        Assert.Equal(1u, request.NumLines);
        Assert.Equal(17u, request.Offsets[0]);
        Assert.Equal(0u, request.Offsets[1]);
        Assert.Equal(1UL << 3, request.Config.Flags);
        Assert.Equal(0u, request.Config.NumAttributes);
        Assert.Equal(0u, request.EventBufferSize);
        Assert.Equal("picam\0"u8.ToArray(), new ReadOnlySpan<byte>(request.Consumer, 6).ToArray());
        Assert.True(new ReadOnlySpan<byte>(request.Consumer, GpioV2LineRequest.ConsumerLength)[5..].IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void ForOutput_ActiveLow_LetsTheKernelInvertSoOnIsStillOne()
    {
        var request = GpioV2LineRequest.ForOutput(4, activeLow: true);

        Assert.Equal((1UL << 3) | (1UL << 1), request.Config.Flags);
    }
}
