using Microsoft.Extensions.Logging;

namespace PiCam.WebRtc.Media;

/// <summary>What the derived encoder's feed (JPEG decoded to raw pictures) reports (EventIds 1250-1299).</summary>
internal static partial class EncoderFeedLog
{
    [LoggerMessage(1250, LogLevel.Warning, "A JPEG from the camera could not be decoded for H.264 and was skipped ({Skipped} so far); if this repeats, check the camera's cable or lower its resolution.")]
    public static partial void JpegUndecodable(ILogger logger, int skipped);
}
