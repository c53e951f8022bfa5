namespace PiCam.Http.Status;

/// <summary>One viewer's figures. No address: <c>/status</c> is public.</summary>
internal sealed record ViewerReport(double Fps, long SecondsConnected, long FramesSent);
