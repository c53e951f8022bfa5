namespace PiCam.WebRtc.Media;

/// <summary>
/// The bit rate asked of a hardware encoder (rpicam-vid, h264_v4l2m2m): 0.1 bit a pixel a frame, so
/// 960x540@30 gets about 1.6 Mbit/s, inside WebRTC's 1–2 Mbit/s for that picture; never below 250 kbit/s.
/// </summary>
internal static class H264Bitrate
{
    public static int For(int width, int height, int framerate) =>
        (int)Math.Clamp(width * (long)height * framerate / 10, 250_000, 25_000_000);
}
