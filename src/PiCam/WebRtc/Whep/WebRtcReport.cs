namespace PiCam.WebRtc.Whep;

/// <summary>
/// WebRTC on <c>/status</c>: whether it is on, its UDP port, what makes the H.264 (<c>encoder</c>: the camera's
/// own, passed through, or the derived encoder), and each session's figures (no addresses: <c>/status</c> is public).
/// </summary>
internal sealed record WebRtcReport(bool Enabled, int? Port, string? Off, int Sessions, int MaxSessions, IReadOnlyList<WebRtcSessionReport> SessionList, string? Encoder)
{
    /// <param name="cameraSuppliesH264">The source sends its own H.264 while WebRTC viewers watch (<see cref="Media.IH264Source"/>).</param>
    public static WebRtcReport From(WebRtcService service, TimeProvider time, bool cameraSuppliesH264 = false) => new(
        Enabled: service.OffReason is null,
        Port: service.OffReason is null ? service.Port : null,
        Off: service.OffReason,
        Sessions: service.Sessions.Count,
        MaxSessions: service.Sessions.Max,
        SessionList: [.. service.Sessions.Snapshot().Select(s => WebRtcSessionReport.From(s, time))],
        Encoder: cameraSuppliesH264 && !service.NativeActive ? "the camera's own H.264 (passthrough), while WebRTC viewers watch" : service.Encoder);
}
