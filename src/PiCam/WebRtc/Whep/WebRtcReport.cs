namespace PiCam.WebRtc.Whep;

/// <summary>
/// WebRTC on <c>/status</c>: whether it is on, its UDP port, what makes the H.264 (<c>encoder</c>: the camera's
/// own, passed through, or the derived encoder), and each session's figures (no addresses: <c>/status</c> is public).
/// </summary>
internal sealed record WebRtcReport(bool Enabled, int? Port, string? Off, int Sessions, int MaxSessions, IReadOnlyList<WebRtcSessionReport> SessionList, string? Encoder)
{
    public static WebRtcReport From(WebRtcService service, TimeProvider time) => new(
        Enabled: service.OffReason is null,
        Port: service.OffReason is null ? service.Port : null,
        Off: service.OffReason,
        Sessions: service.Sessions.Count,
        MaxSessions: service.Sessions.Max,
        SessionList: [.. service.Sessions.Snapshot().Select(s => WebRtcSessionReport.From(s, time))],
        Encoder: service.Encoder);
}
