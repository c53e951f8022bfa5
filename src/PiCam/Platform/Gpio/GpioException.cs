namespace PiCam.Platform.Gpio;

/// <summary>A GPIO call the kernel refused: what was attempted, and what the errno means.</summary>
internal sealed class GpioException : IOException
{
    public GpioException(string attempted, int errno)
        : base($"{attempted}: {GpioErrors.Describe(errno)}")
    {
        Errno = errno;
    }

    public int Errno { get; }
}
