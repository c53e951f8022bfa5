using PiCam.Config;

namespace PiCam.Platform.Gpio;

/// <summary>Opens the real status line named by <c>STATUS_LED_CHIP</c> and <c>STATUS_LED_GPIO</c>.</summary>
internal static class StatusLightFactory
{
    public static IStatusLine Open(PicamSettings settings) =>
        LibGpiodStatusLine.Open(settings.StatusLedChip, settings.StatusLedGpio!.Value, settings.StatusLedActiveLow);
}
