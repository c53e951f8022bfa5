using System.Globalization;
using PiCam.Capture.Process;
using PiCam.Capture.H264;
using PiCam.Config;

namespace PiCam.Capture.Webcam;

/// <summary>
/// The ffmpeg command for a USB webcam: MJPEG copied through untouched when the camera offers it (no
/// re-encoding, almost no CPU), else the camera's raw format encoded to MJPEG at <c>QUALITY</c>. A camera
/// that offers H.264 also gets an H.264 command (copied through, SPS/PPS put before each keyframe), which
/// runs while WebRTC viewers watch.
/// </summary>
internal static class WebcamCommand
{
    public const string Program = "ffmpeg";

    public static async Task<CameraCommands> ResolveAsync(IWebcamProbe probe, string? device, PicamSettings settings, CancellationToken cancellationToken)
    {
        var (chosen, formats) = await probe.ChooseAsync(device, cancellationToken).ConfigureAwait(false)
            ?? throw new CameraException(device is null ? "no USB camera found (no /dev/video* capture device)" : $"{device} is not a capture device");
        return Commands(chosen, formats, settings);
    }

    /// <summary>The MJPEG command, and the H.264 one when the camera offers H.264 (else null: WebRTC derives it from the MJPEG).</summary>
    public static CameraCommands Commands(string device, WebcamFormats formats, PicamSettings settings) =>
        new(Build(device, formats, settings), formats.H264 ? BuildH264(device, settings) : null);

    public static ProcessCommand BuildH264(string device, PicamSettings settings)
    {
        var size = $"{settings.Width}x{settings.Height}";
        var rate = settings.Framerate.ToString(CultureInfo.InvariantCulture);
        List<string> args =
        [
            "-hide_banner", "-loglevel", "error", "-f", "v4l2", "-input_format", "h264", "-video_size", size, "-framerate", rate, "-i", device,
            "-c:v", "copy", "-bsf:v", "dump_extra", "-flush_packets", "1", "-f", "h264", "-",
        ];
        return new ProcessCommand(Program, args, $"USB camera {device}: H.264 from the camera, passed through");
    }

    public static ProcessCommand Build(string device, WebcamFormats formats, PicamSettings settings)
    {
        var size = $"{settings.Width}x{settings.Height}";
        var rate = settings.Framerate.ToString(CultureInfo.InvariantCulture);
        List<string> args = ["-hide_banner", "-loglevel", "error", "-f", "v4l2"];
        if (formats.Mjpeg)
        {
            args.AddRange(["-input_format", "mjpeg", "-video_size", size, "-framerate", rate, "-i", device, "-c:v", "copy"]);
        }
        else
        {
            args.AddRange(["-video_size", size, "-framerate", rate, "-i", device, "-c:v", "mjpeg", "-q:v", FfmpegQuality(settings.Quality), "-pix_fmt", "yuvj420p"]);
        }

        args.AddRange(["-f", "mjpeg", "-"]);
        var how = formats.Mjpeg
            ? "MJPEG from the camera, passed through"
            : $"{formats.RawFormats.FirstOrDefault() ?? "raw"} from the camera, encoded to MJPEG by ffmpeg";
        return new ProcessCommand(Program, args, $"USB camera {device}: {how}");
    }

    /// <summary>Maps QUALITY 1–100 onto ffmpeg's MJPEG <c>-q:v</c> scale, 31 (worst) to 2 (best).</summary>
    public static string FfmpegQuality(int quality) =>
        ((int)Math.Round(2 + (100 - quality) * 29 / 99.0)).ToString(CultureInfo.InvariantCulture);
}
