namespace PiCam.WebRtc.Media;

/// <summary>
/// A camera source that can emit H.264 itself while WebRTC viewers watch (the Pi camera, a webcam that offers
/// H.264): the derived encoder then waits for it instead of encoding the MJPEG.
/// </summary>
internal interface IH264Source
{
    /// <summary>True when this source will feed the <see cref="H264Hub"/> itself whenever it has WebRTC demand (as far as it knows now).</summary>
    bool SuppliesH264 { get; }
}
