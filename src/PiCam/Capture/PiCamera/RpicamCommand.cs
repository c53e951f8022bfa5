using System.Globalization;
using PiCam.Capture.Process;
using PiCam.Config;

namespace PiCam.Capture.PiCamera;

/// <summary>
/// The <c>rpicam-vid</c> command line for MJPEG to stdout. HDR is passed as <c>--hdr</c> because rpicam-vid
/// resets the sensor's HDR control at every start otherwise (rpicam-apps core/options.cpp).
/// </summary>
internal static class RpicamCommand
{
    /// <summary>Current and older (Bullseye) names of the program.</summary>
    public static readonly string[] Programs = ["rpicam-vid", "libcamera-vid"];

    public static string? FindProgram() => Programs.Select(ExecutableFinder.Find).FirstOrDefault(p => p is not null);

    public static ProcessCommand Build(string program, PicamSettings settings)
    {
        string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
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
        return new ProcessCommand(program, args, $"Pi camera {settings.Camera} via {Path.GetFileName(program)}{(settings.Hdr ? ", HDR" : "")}");
    }
}
