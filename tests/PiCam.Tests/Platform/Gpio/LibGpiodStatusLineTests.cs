using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;
using PiCam.Config;
using PiCam.Platform.Gpio;

namespace PiCam.Tests.Platform.Gpio;

/// <summary>
/// The System.Device.Gpio line, as far as a machine without a GPIO chip allows: the checks made before the
/// library is touched, and the library's own failures turned into sentences. (A real chip: the QEMU boot test.)
/// </summary>
public sealed class LibGpiodStatusLineTests
{
    [Fact]
    public void Open_MissingChip_ThrowsNamingTheChipAndThatItDoesNotExist()
    {
        var ex = Assert.Throws<GpioException>(() => LibGpiodStatusLine.Open("gpiochip99", 17, activeLow: false));

        Assert.Equal(GpioErrors.ENOENT, ex.Errno);
        Assert.Equal("cannot open /dev/gpiochip99: it does not exist (ENOENT)", ex.Message);
    }

    [Fact]
    public void Open_NegativeLine_IsRefusedBeforeTouchingTheKernel()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LibGpiodStatusLine.Open("gpiochip99", -1, activeLow: false));
    }

    [Theory]
    [InlineData("gpiochip")]
    [InlineData("chip0")]
    [InlineData("gpiochip-1")]
    public void Open_NotAChipName_IsRefused(string chip)
    {
        Assert.Throws<ArgumentException>(() => LibGpiodStatusLine.Open(chip, 1, activeLow: false));
    }

    [Fact]
    public void Factory_OpensTheChipNamedInTheSettingsUnderDev()
    {
        var settings = new PicamSettings { StatusLedGpio = 5, StatusLedChip = "gpiochip98" };

        var ex = Assert.Throws<GpioException>(() => StatusLightFactory.Open(settings));

        Assert.Contains("/dev/gpiochip98", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_TheRealLibraryFailingToOpenAChip_SaysWhatIsMissing()
    {
        // Whatever this machine has: without libgpiod.so.3 the answer is to install it, with it the chip is missing.
        var hasLibrary = NativeLibrary.TryLoad(GpioErrors.Library, out var handle);
        if (hasLibrary)
        {
            NativeLibrary.Free(handle);
        }

        var failure = Assert.ThrowsAny<GpiodException>(() => new GpioController(new LibGpiodV2Driver(99)));
        var reason = GpioErrors.Explain(failure, Marshal.GetLastPInvokeError());

        Assert.Equal(hasLibrary ? "it does not exist (ENOENT)" : "libgpiod.so.3 is not installed; install the libgpiod3 package (Debian and Raspberry Pi OS trixie)", reason);
    }

    [Fact]
    public void Explain_LibraryMissingDeepInside_SaysWhichPackageToInstall()
    {
        var failure = new GpiodException("Exception while calling libgpiod", new DllNotFoundException("libgpiod.so.3: cannot open shared object file"));

        Assert.Contains("install the libgpiod3 package", GpioErrors.Explain(failure, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_ErrnoThatTheLibraryQuotes_IsDescribedInPlainWords()
    {
        var busy = Marshal.GetPInvokeErrorMessage(GpioErrors.EBUSY);
        var failure = new GpiodException($"Could not request line/s: Error: '{busy}', RequestConfig: ...");

        Assert.Equal(GpioErrors.Describe(GpioErrors.EBUSY), GpioErrors.Explain(failure, GpioErrors.EBUSY));
    }

    [Fact]
    public void Explain_BusyLineWhoseErrnoWasOverwritten_IsStillSaidToBeInUse()
    {
        // What System.Device.Gpio 4.2.0 threw on QEMU's PL061 while gpioset held the line; errno was gone by then.
        var failure = new GpiodException(
            "Could not request line/s: Error: 'Device or resource busy', RequestConfig: Consumer: C#-LibGpiodV2Driver-265, EventBufferSize: 0\n" +
            "LineConfig: NumConfiguredOffsets: 1, ConfiguredLineSettings: [5, Direction: AsIs, EdgeDetection: None, Bias: AsIs]");

        Assert.Equal("the line is already in use by another program or a kernel driver (EBUSY)", GpioErrors.Explain(failure, 0));
    }

    [Fact]
    public void Explain_StaleErrnoTheLibraryDoesNotQuote_IsNotBlamed()
    {
        var failure = new GpiodException("Could not request line/s: Error: 'Device or resource busy'");

        Assert.Equal(GpioErrors.Describe(GpioErrors.EBUSY), GpioErrors.Explain(failure, GpioErrors.ENOENT));
    }

    [Fact]
    public void Explain_UnknownFailure_IsTheLibrarysFirstClauseWithoutItsDumpOfTheRequest()
    {
        var failure = new GpiodException("Could not request line/s: Error: 'Something odd', RequestConfig: Consumer: x\nLineConfig: y");

        Assert.Equal("Could not request line/s: Error: 'Something odd'", GpioErrors.Explain(failure, 0));
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
