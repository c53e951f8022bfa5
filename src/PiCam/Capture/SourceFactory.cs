using PiCam.Capture.Simulator;
using PiCam.Config;

namespace PiCam.Capture;

/// <summary>Makes the source that <c>VIDEO_SOURCE</c> names.</summary>
internal static class SourceFactory
{
    public static IFrameSource Create(PicamSettings settings, TimeProvider time) => settings.VideoSource.Kind switch
    {
        VideoSourceKind.File => new FileSource(settings.VideoSource.Argument!, settings.Framerate, time),
        _ => new SimulatorSource(settings.Width, settings.Height, settings.Framerate, settings.Quality, settings.Name, time),
    };
}
