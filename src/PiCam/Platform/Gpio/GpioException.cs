namespace PiCam.Platform.Gpio;

/// <summary>A GPIO operation that failed: what was attempted, and in plain words why.</summary>
internal sealed class GpioException : IOException
{
    public GpioException(string attempted, string reason)
        : base($"{attempted}: {reason}")
    {
    }

    public GpioException(string attempted, int errno)
        : base($"{attempted}: {GpioErrors.Describe(errno)}")
    {
        Errno = errno;
    }

    /// <summary>The errno behind it, when one is known.</summary>
    public int? Errno { get; }
}
