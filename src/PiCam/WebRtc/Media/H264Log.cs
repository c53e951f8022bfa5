using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc.Media;

/// <summary>Where WebRTC's H.264 comes from: the derived encoder's choice and the cameras' H.264 mode (EventIds 1150-1199).</summary>
internal static partial class H264Log
{
    [LoggerMessage(1150, LogLevel.Information, "H.264 derived from the MJPEG will be encoded by {Encoder} ({Why}).")]
    public static partial void EncoderChosen(ILogger logger, string encoder, string why);

    [LoggerMessage(1151, LogLevel.Information, "A WebRTC viewer is watching: the camera now sends H.264 ({Description}), passed through to WebRTC; MJPEG viewers get pictures decoded from it.")]
    public static partial void CameraInH264(ILogger logger, string description);

    [LoggerMessage(1152, LogLevel.Information, "No WebRTC viewer is left: the camera goes back to MJPEG ({Description}).")]
    public static partial void CameraBackToMjpeg(ILogger logger, string description);

    [LoggerMessage(1153, LogLevel.Debug, "The camera feeds WebRTC its own H.264: the derived encoder stands aside.")]
    public static partial void EncoderStandsAside(ILogger logger);

    [LoggerMessage(1154, LogLevel.Debug, "H.264 decoder (ffmpeg): {Line}")]
    public static partial void DecoderOutput(ILogger logger, string line);

    [LoggerMessage(1156, LogLevel.Warning, "The camera's H.264 failed twice before its first picture ({Reason}); WebRTC viewers get H.264 encoded from its MJPEG instead until picam restarts.")]
    public static partial void CameraH264Failed(ILogger logger, string reason);

    [LoggerMessage(1155, LogLevel.Debug, "The MJPEG decoder fell behind: {Skipped} H.264 pictures skipped until the next keyframe.")]
    public static partial void DecoderSkipped(ILogger logger, long skipped);
}
