namespace PiCam.Capture.Webcam;

/// <summary>The real probe: <c>ffmpeg -f v4l2 -list_formats all -i /dev/videoN</c> through <see cref="WebcamDevices"/>.</summary>
internal sealed class FfmpegWebcamProbe : IWebcamProbe
{
    public static readonly FfmpegWebcamProbe Instance = new();

    public Task<(string Device, WebcamFormats Formats)?> ChooseAsync(string? device, CancellationToken cancellationToken) =>
        WebcamDevices.ChooseAsync(device, cancellationToken);
}
