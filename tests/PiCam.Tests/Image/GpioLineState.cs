namespace PiCam.Tests.Image;

/// <summary>
/// A reading of the status light's GPIO line in the guest: requested as an output, whether picam's main
/// process holds a GPIO line request, the line's level (null when debugfs showed it as no output), and what
/// the guest printed, for failure messages.
/// </summary>
public sealed record GpioLineState(bool RequestedAsOutput, bool HeldByPicam, bool? High, string Evidence)
{
    public bool PicamsOutput => RequestedAsOutput && HeldByPicam;
}
