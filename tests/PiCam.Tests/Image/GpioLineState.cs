namespace PiCam.Tests.Image;

/// <summary>
/// A reading of the status light's GPIO line in the guest: held by picam as an output, its level (null when
/// the kernel showed no line held by picam), and what gpioinfo and debugfs printed, for failure messages.
/// </summary>
public sealed record GpioLineState(bool HeldByPicamAsOutput, bool? High, string Evidence);
