using System.Text.Json;

namespace PiCam.Agent.Messages;

/// <summary>
/// The payload of <c>watch_request</c>, <c>offer</c>, <c>answer</c>, <c>candidate</c> and <c>end</c>: one shape,
/// each message using the fields it needs (unused ones are left out when sending).
/// </summary>
internal sealed class SessionPayload
{
    public string? SessionId { get; set; }

    /// <summary>watch_request: STUN and TURN servers as in RTCConfiguration.iceServers (kept as given).</summary>
    public JsonElement? IceServers { get; set; }

    /// <summary>offer, answer: the SDP.</summary>
    public string? Sdp { get; set; }

    /// <summary>candidate: an <c>a=candidate</c> value (without <c>a=</c>); empty for end-of-candidates.</summary>
    public string? Candidate { get; set; }

    public string? SdpMid { get; set; }

    public int? SdpMlineIndex { get; set; }

    /// <summary>end: a machine-readable reason, e.g. <c>media_unavailable</c>, <c>too_many_sessions</c>, <c>viewer_left</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>end, error: a sentence for people.</summary>
    public string? Message { get; set; }
}
