using Microsoft.Extensions.Logging;

namespace PiCam.Platform.Gpio;

/// <summary>The status light's log events, source-generated. Problems opening the line go through <c>ConfigProblems</c>.</summary>
internal static partial class GpioLog
{
    [LoggerMessage(70, LogLevel.Information, "Status light on GPIO line {Line} of {Chip} ({Polarity})")]
    private static partial void StatusLightReadyCore(ILogger logger, int line, string chip, string polarity);

    [LoggerMessage(71, LogLevel.Warning, "Could not turn the status light off: {Reason}")]
    public static partial void StatusLightNotTurnedOff(ILogger logger, string reason);

    public static void StatusLightReady(ILogger logger, int line, string chip, bool activeLow) =>
        StatusLightReadyCore(logger, line, chip, activeLow ? "active low" : "active high");
}
