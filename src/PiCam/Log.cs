using Microsoft.Extensions.Logging;

namespace PiCam;

/// <summary>Every log event of the appliance, source-generated, in one place.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Configuration problem: {Key}: {Message}")]
    public static partial void ConfigProblem(ILogger logger, string key, string message);

    [LoggerMessage(2, LogLevel.Information, "picam {Version} serving {Name} at {Url} ({Resolution} @ {Framerate} fps, source {Source})")]
    public static partial void Serving(ILogger logger, string version, string name, string url, string resolution, int framerate, string source);

    [LoggerMessage(10, LogLevel.Information, "Starting the {Kind} source: {Demand} waiting for frames")]
    public static partial void SourceStarting(ILogger logger, string kind, int demand);

    [LoggerMessage(11, LogLevel.Information, "Stopped the {Kind} source: nobody has watched for {Seconds} s")]
    public static partial void SourceIdle(ILogger logger, string kind, double seconds);

    [LoggerMessage(12, LogLevel.Error, "The {Kind} source failed: {Error}")]
    public static partial void SourceFailed(ILogger logger, string kind, string error);

    [LoggerMessage(13, LogLevel.Information, "Starting camera: {Command}")]
    public static partial void CameraStarting(ILogger logger, string command);

    [LoggerMessage(14, LogLevel.Debug, "{Program}: {Line}")]
    public static partial void CameraOutput(ILogger logger, string program, string line);

    [LoggerMessage(15, LogLevel.Warning, "Camera down: {Error}; retrying in {Seconds:0.#} s")]
    public static partial void CameraRetrying(ILogger logger, string error, double seconds);

    [LoggerMessage(16, LogLevel.Information, "Camera detected: {Description}")]
    public static partial void CameraDetected(ILogger logger, string description);

    [LoggerMessage(20, LogLevel.Debug, "Viewer joined ({Count} watching)")]
    public static partial void ViewerJoined(ILogger logger, int count);

    [LoggerMessage(21, LogLevel.Debug, "Viewer left after {Frames} frames ({Count} watching)")]
    public static partial void ViewerLeft(ILogger logger, long frames, int count);

    [LoggerMessage(22, LogLevel.Warning, "Viewer refused: {MaxClients} (MAX_CLIENTS) already watching")]
    public static partial void ViewerRefused(ILogger logger, int maxClients);

    [LoggerMessage(23, LogLevel.Information, "Dropped a viewer whose connection accepted nothing for {Seconds} s")]
    public static partial void SlowViewerDropped(ILogger logger, double seconds);

    [LoggerMessage(30, LogLevel.Information, "TLS certificate loaded: {Subject}, valid until {NotAfter:u}")]
    public static partial void CertificateLoaded(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(40, LogLevel.Warning, "Watchdog: frames are {State}")]
    private static partial void WatchdogStateCore(ILogger logger, string state);

    public static void WatchdogState(ILogger logger, bool healthy) =>
        WatchdogStateCore(logger, healthy ? "flowing again; pinging systemd" : "stale; no longer pinging systemd");
}
