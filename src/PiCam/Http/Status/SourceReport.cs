namespace PiCam.Http.Status;

internal sealed record SourceReport(
    string Kind,
    string? Description,
    bool Online,
    bool Running,
    double Fps,
    long? LastFrameAgeMs,
    long FramesTotal,
    int Restarts,
    string? Error);
