using Microsoft.Extensions.Logging;
using PiCam.Capture.PiCamera;
using PiCam.Capture.Process;
using PiCam.Capture.Simulator;
using PiCam.Capture.Webcam;
using PiCam.Config;

namespace PiCam.Capture;

/// <summary>Makes the source that <c>VIDEO_SOURCE</c> names.</summary>
internal static class SourceFactory
{
    public static IFrameSource Create(PicamSettings settings, ConfigProblems problems, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PiCam.Capture.Camera");
        var stall = TimeSpan.FromSeconds(settings.StallSeconds);
        var spec = settings.VideoSource;
        return spec.Kind switch
        {
            VideoSourceKind.File => new FileSource(spec.Argument!, settings.Framerate, time),
            VideoSourceKind.Auto => new AutoSource(settings, problems, time, logger),
            VideoSourceKind.PiCamera => new ProcessFrameSource("picamera", _ => Task.FromResult(PiCamera(settings)), stall, settings.Framerate, time, logger),
            VideoSourceKind.Webcam => new ProcessFrameSource("webcam", ct => WebcamCommand.ResolveAsync(spec.Argument, settings, ct), stall, settings.Framerate, time, logger),
            VideoSourceKind.Command => new ProcessFrameSource("command", _ => Task.FromResult(Command(spec.Argument!)), stall, settings.Framerate, time, logger),
            _ => new SimulatorSource(settings.Width, settings.Height, settings.Framerate, settings.Quality, settings.Name, time),
        };
    }

    private static ProcessCommand PiCamera(PicamSettings settings) =>
        RpicamCommand.Build(
            RpicamCommand.FindProgram() ?? throw new CameraException("rpicam-vid is not installed (package rpicam-apps-lite)"),
            settings);

    private static ProcessCommand Command(string commandLine)
    {
        var words = CommandLine.Split(commandLine)!;
        return new ProcessCommand(words[0], words[1..], $"command: {Path.GetFileName(words[0])}");
    }
}
