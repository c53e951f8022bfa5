using Microsoft.Extensions.Logging;

namespace PiCam.Capture;

/// <summary>Capture supervision and camera-process events beyond those in <c>Log</c>, source-generated (EventIds 700–709, 900–949).</summary>
internal static partial class CaptureLog
{
    [LoggerMessage(700, LogLevel.Warning, "The {Kind} source did not stop within {Seconds:0.#} s of being told to; it is still running and will be waited for")]
    public static partial void SourceSlowToStop(ILogger logger, string kind, double seconds);

    [LoggerMessage(701, LogLevel.Debug, "The {Kind} source stopped {Milliseconds:0} ms after being told to")]
    public static partial void SourceStopped(ILogger logger, string kind, double milliseconds);

    [LoggerMessage(900, LogLevel.Information, "{Program} sends frames faster than FRAMERATE={Framerate}; the surplus is dropped. Set the camera's own frame rate to save CPU")]
    public static partial void FasterThanFramerate(ILogger logger, string program, int framerate);

    [LoggerMessage(901, LogLevel.Information, "{Program}'s last output: {Tail}")]
    public static partial void CameraLastOutput(ILogger logger, string program, string tail);

    [LoggerMessage(902, LogLevel.Warning, "The {Kind} source failed unexpectedly")]
    public static partial void SourceFailedUnexpectedly(ILogger logger, string kind, Exception exception);

    [LoggerMessage(903, LogLevel.Debug, "{Program} wrote {Count} frames that are not plausible JPEGs (no frame header, or absurd dimensions); they were dropped")]
    public static partial void ImplausibleFrames(ILogger logger, string program, long count);
}
