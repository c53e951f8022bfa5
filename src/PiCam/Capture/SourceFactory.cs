using Microsoft.Extensions.Logging;
using PiCam.Capture.H264;
using PiCam.Capture.PiCamera;
using PiCam.Capture.Process;
using PiCam.Capture.Simulator;
using PiCam.Capture.Webcam;
using PiCam.Config;
using PiCam.WebRtc.Media;

namespace PiCam.Capture;

/// <summary>Makes the source that <c>VIDEO_SOURCE</c> names.</summary>
internal static class SourceFactory
{
    public static IFrameSource Create(PicamSettings settings, ConfigProblems problems, H264Hub h264, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PiCam.Capture.Camera");
        var stall = TimeSpan.FromSeconds(settings.StallSeconds);
        var spec = settings.VideoSource;
        return spec.Kind switch
        {
            VideoSourceKind.File => new FileSource(spec.Argument!, settings.Framerate, time),
            VideoSourceKind.Auto => new AutoSource(settings, problems, h264, time, logger),
            VideoSourceKind.PiCamera => new CodecSwitchingSource("picamera", _ => Task.FromResult(PiCamera(settings)), true, h264, settings, time, logger),
            VideoSourceKind.Webcam => new CodecSwitchingSource("webcam", ct => WebcamCommand.ResolveAsync(FfmpegWebcamProbe.Instance, spec.Argument, settings, ct), false, h264, settings, time, logger),
            VideoSourceKind.Command => new ProcessFrameSource("command", _ => Task.FromResult(Command(spec.Argument!)), stall, settings.Framerate, time, logger),
            _ => new SimulatorSource(settings.Width, settings.Height, settings.Framerate, settings.Quality, settings.Name, time),
        };
    }

    private static CameraCommands PiCamera(PicamSettings settings) =>
        RpicamCommand.Commands(
            RpicamCommand.FindProgram() ?? throw new CameraException("rpicam-vid is not installed (package rpicam-apps-lite)"),
            settings);

    private static ProcessCommand Command(string commandLine)
    {
        var words = CommandLine.Split(commandLine)!;
        return new ProcessCommand(words[0], words[1..], $"command: {Path.GetFileName(words[0])}");
    }
}
