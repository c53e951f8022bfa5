namespace PiCam.WebRtc.Media;

/// <summary>What the machine offers for encoding H.264: the hardware at the edge, so the choice is testable without a Pi.</summary>
internal interface IH264EncoderProbe
{
    /// <summary>The output of <c>ffmpeg -hide_banner -encoders</c>, or null when ffmpeg cannot be run.</summary>
    Task<string?> ListEncodersAsync(CancellationToken cancellationToken);

    /// <summary>The V4L2 memory-to-memory H.264 encoder device (the Pi 4's <c>/dev/video11</c>), or null when there is none.</summary>
    string? FindM2mEncoder();
}
