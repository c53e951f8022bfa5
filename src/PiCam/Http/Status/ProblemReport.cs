namespace PiCam.Http.Status;

internal sealed record ProblemReport(string Key, string Message);
