using PiCam.Config;
using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

/// <summary>
/// The real ioctl layer, as far as a machine without a GPIO chip allows: a missing chip, and a device that is not
/// a GPIO chip (so the request ioctl really reaches the kernel and is refused).
/// </summary>
public sealed class GpioCharacterDeviceLineTests
{
    [Fact]
    public void Open_MissingChip_ThrowsNamingTheChipAndThatItDoesNotExist()
    {
        var ex = Assert.Throws<GpioException>(() => new GpioCharacterDeviceLine("/dev/gpiochip99", 17, activeLow: false));

        Assert.Equal(GpioErrors.ENOENT, ex.Errno);
        Assert.Equal("cannot open /dev/gpiochip99: it does not exist (ENOENT)", ex.Message);
    }

    [Fact]
    public void Open_DeviceThatIsNotAGpioChip_ThrowsNamingTheLineAndTheRefusal()
    {
        var ex = Assert.Throws<GpioException>(() => new GpioCharacterDeviceLine("/dev/null", 17, activeLow: true));

        Assert.Equal(GpioErrors.ENOTTY, ex.Errno);
        Assert.StartsWith("/dev/null refused line 17: not a GPIO chip", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NegativeLine_IsRefusedBeforeTouchingTheKernel()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpioCharacterDeviceLine("/dev/gpiochip99", -1, activeLow: false));
    }

    [Fact]
    public void Factory_OpensTheChipNamedInTheSettingsUnderDev()
    {
        var settings = new PicamSettings { StatusLedGpio = 5, StatusLedChip = "gpiochip98" };

        var ex = Assert.Throws<GpioException>(() => StatusLightFactory.Open(settings));

        Assert.Contains("/dev/gpiochip98", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GpioException_IsAnIOException_SoCallersCatchItWithOtherDeviceFailures()
    {
        Assert.IsAssignableFrom<IOException>(new GpioException("x", GpioErrors.EBUSY));
    }

    [Theory]
    [InlineData(GpioErrors.EBUSY, "in use by another program")]
    [InlineData(GpioErrors.EINVAL, "no such line")]
    [InlineData(GpioErrors.EACCES, "gpio group")]
    [InlineData(GpioErrors.EPERM, "gpio group")]
    [InlineData(GpioErrors.ENOENT, "does not exist")]
    public void Describe_CommonErrno_SaysWhatToDoAndNamesTheErrno(int errno, string meaning)
    {
        var text = GpioErrors.Describe(errno);

        Assert.Contains(meaning, text, StringComparison.Ordinal);
        Assert.Matches(@"\(E[A-Z]+\)$", text);
    }

    [Fact]
    public void Describe_UnusualErrno_FallsBackToTheSystemMessageAndNumber()
    {
        Assert.Equal("Input/output error (errno 5)", GpioErrors.Describe(5));
    }
}
