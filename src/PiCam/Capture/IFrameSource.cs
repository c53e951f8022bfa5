using PiCam.Streaming;

namespace PiCam.Capture;

/// <summary>Something that produces JPEG frames into the hub until cancelled. Started on demand, stopped when idle.</summary>
internal interface IFrameSource
{
    /// <summary>Short name for <c>/status</c>: simulator, file, picamera, webcam, command.</summary>
    string Kind { get; }

    /// <summary>What exactly is capturing (device, program, format), once known.</summary>
    string? Description { get; }

    /// <summary>Publishes frames until <paramref name="cancellationToken"/> is cancelled. Throws when the source fails.</summary>
    Task RunAsync(FrameHub hub, CancellationToken cancellationToken);
}
