namespace PiCam.Config;

/// <summary>A parsed <c>VIDEO_SOURCE</c>: the kind of source and its argument (a path, a device, a command).</summary>
internal sealed record VideoSourceSpec(VideoSourceKind Kind, string? Argument = null)
{
    public static readonly VideoSourceSpec Simulator = new(VideoSourceKind.Simulator);

    /// <summary>The setting for display (the log, <c>/status</c>): URL credentials in a command are redacted.</summary>
    public override string ToString() => Argument is null ? KindName : UrlCredentials.Redact($"{KindName}:{Argument}");

    public string KindName => Kind switch
    {
        VideoSourceKind.File => "file",
        VideoSourceKind.Auto => "auto",
        VideoSourceKind.PiCamera => "picamera",
        VideoSourceKind.Webcam => "webcam",
        VideoSourceKind.Command => "command",
        _ => "simulator",
    };
}
