using System.Globalization;
using PiCam.Capture.Process;
using PiCam.Capture.Webcam;

namespace PiCam.Capture.H264;

/// <summary>
/// The ffmpeg that turns the camera's H.264 (on stdin) into MJPEG (on stdout) for MJPEG viewers while the
/// camera runs in H.264 for WebRTC. One decoding thread: frame threading would hold several pictures back.
/// No <c>-fflags nobuffer</c>: measured with ffmpeg 5.1, it delays the first picture by a second (about a GOP),
/// against 200 ms without it.
/// </summary>
internal static class MjpegFromH264Command
{
    public static ProcessCommand Build(string ffmpeg, int framerate, int quality)
    {
        var fps = framerate.ToString(CultureInfo.InvariantCulture);
        return new ProcessCommand(ffmpeg,
        [
            "-hide_banner", "-loglevel", "error", "-nostdin",
            "-threads", "1", "-flags", "low_delay", "-probesize", "32", "-analyzeduration", "0",
            "-f", "h264", "-framerate", fps, "-i", "pipe:0",
            "-an", "-c:v", "mjpeg", "-q:v", WebcamCommand.FfmpegQuality(quality), "-pix_fmt", "yuvj420p",
            "-fps_mode", "passthrough", "-flush_packets", "1", "-f", "mjpeg", "pipe:1",
        ], "MJPEG decoded from the camera's H.264 by ffmpeg");
    }
}
