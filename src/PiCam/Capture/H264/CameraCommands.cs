using PiCam.Capture.Process;

namespace PiCam.Capture.H264;

/// <summary>The two ways one camera can run: MJPEG (always), and H.264 Annex-B on stdout when the camera can make it (else null).</summary>
internal sealed record CameraCommands(ProcessCommand Mjpeg, ProcessCommand? H264);
