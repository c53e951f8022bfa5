namespace PiCam.Http.Status;

internal sealed record SourceReport(string Kind, bool Online, bool Running, double Fps, long? LastFrameAgeMs, long FramesTotal, string? Error);
