using System.Globalization;
using PiCam.Capture.Process;
using PiCam.Capture.H264;
using PiCam.Config;
using PiCam.WebRtc.Media;

namespace PiCam.Capture.PiCamera;

/// <summary>
/// The <c>rpicam-vid</c> command lines for MJPEG to stdout and, while WebRTC viewers watch, H.264: constrained
/// baseline (no B-frames), SPS/PPS before every IDR (<c>--inline</c>), an IDR each second (<c>--intra</c>),
/// and each picture written as soon as it is encoded (<c>--flush</c>). HDR is passed as <c>--hdr</c> because rpicam-vid
/// resets the sensor's HDR control at every start otherwise (rpicam-apps core/options.cpp).
/// </summary>
internal static class RpicamCommand
{
    /// <summary>Current and older (Bullseye) names of the program.</summary>
    public static readonly string[] Programs = ["rpicam-vid", "libcamera-vid"];

    public static string? FindProgram() => Programs.Select(ExecutableFinder.Find).FirstOrDefault(p => p is not null);

    public static CameraCommands Commands(string program, PicamSettings settings) => new(Build(program, settings), BuildH264(program, settings));

    public static ProcessCommand Build(string program, PicamSettings settings)
    {
        var args = new List<string>
        {
            "--camera", Number(settings.Camera),
            "-t", "0",
            "--codec", "mjpeg",
            "--width", Number(settings.Width),
            "--height", Number(settings.Height),
            "--framerate", Number(settings.Framerate),
            "--quality", Number(settings.Quality),
            "-n",
        };
        AddPictureOptions(args, settings);
        return new ProcessCommand(program, args, $"Pi camera {settings.Camera} via {Path.GetFileName(program)}{(settings.Hdr ? ", HDR" : "")}");
    }

    public static ProcessCommand BuildH264(string program, PicamSettings settings)
    {
        var args = new List<string>
        {
            "--camera", Number(settings.Camera),
            "-t", "0",
            "--codec", "h264",
            "--profile", "baseline",
            "--inline",
            "--flush",
            "--intra", Number(settings.Framerate),
            "--bitrate", Number(H264Bitrate.For(settings.Width, settings.Height, settings.Framerate)),
            "--width", Number(settings.Width),
            "--height", Number(settings.Height),
            "--framerate", Number(settings.Framerate),
            "-n",
        };
        AddPictureOptions(args, settings);
        return new ProcessCommand(program, args, $"Pi camera {settings.Camera} via {Path.GetFileName(program)} --codec h264{(settings.Hdr ? ", HDR" : "")}");
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void AddPictureOptions(List<string> args, PicamSettings settings)
    {
        if (settings.Hdr)
        {
            args.Add("--hdr");
        }

        if (settings.Rotation == 180)
        {
            args.AddRange(["--rotation", "180"]);
        }

        if (settings.HFlip)
        {
            args.Add("--hflip");
        }

        if (settings.VFlip)
        {
            args.Add("--vflip");
        }

        args.AddRange(["-o", "-"]);
    }
}
