using Microsoft.Extensions.Logging;

namespace PiCam.Platform.Gpio;

/// <summary>The status light's log events, source-generated. Problems opening the line go through <c>ConfigProblems</c>.</summary>
internal static partial class GpioLog
{
    [LoggerMessage(70, LogLevel.Information, "Status light on GPIO line {Line} of {Chip} ({Polarity})")]
    private static partial void StatusLightReadyCore(ILogger logger, int line, string chip, string polarity);

    [LoggerMessage(71, LogLevel.Warning, "Could not turn the status light off: {Reason}")]
    public static partial void StatusLightNotTurnedOff(ILogger logger, string reason);

    [LoggerMessage(710, LogLevel.Information, "Status light off; released GPIO line {Line} of {Chip}")]
    public static partial void StatusLightReleased(ILogger logger, int line, string chip);

    [LoggerMessage(711, LogLevel.Debug, "Status light {State}")]
    private static partial void StatusLightChangedCore(ILogger logger, string state);

    public static void StatusLightChanged(ILogger logger, bool on) => StatusLightChangedCore(logger, on ? "on" : "off");

    public static void StatusLightReady(ILogger logger, int line, string chip, bool activeLow) =>
        StatusLightReadyCore(logger, line, chip, activeLow ? "active low" : "active high");
}
