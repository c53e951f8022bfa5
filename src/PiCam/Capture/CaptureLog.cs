using Microsoft.Extensions.Logging;

namespace PiCam.Capture;

/// <summary>Capture supervision events beyond those in <c>Log</c>, source-generated (EventIds 700–709).</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(700, LogLevel.Warning, "The {Kind} source did not stop within {Seconds:0.#} s of being told to; it is still running and will be waited for")]
    public static partial void SourceSlowToStop(ILogger logger, string kind, double seconds);

    [LoggerMessage(701, LogLevel.Debug, "The {Kind} source stopped {Milliseconds:0} ms after being told to")]
    public static partial void SourceStopped(ILogger logger, string kind, double milliseconds);
}
