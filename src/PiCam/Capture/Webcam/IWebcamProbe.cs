namespace PiCam.Capture.Webcam;

/// <summary>Which V4L2 device to use and what it offers: the hardware at the edge, so the decision is testable without a webcam.</summary>
internal interface IWebcamProbe
{
    /// <summary>The given device, or the best one found, with its formats; null when there is none.</summary>
    Task<(string Device, WebcamFormats Formats)?> ChooseAsync(string? device, CancellationToken cancellationToken);
}
