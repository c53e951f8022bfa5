using System.Net;

namespace PiCam.WebRtc.Sdp;

/// <summary>
/// Our side of an answer: ICE credentials, our certificate's fingerprint, host candidates, and the video stream's
/// SSRC and CNAME. <see cref="IceLite"/>: every candidate is in the answer (a=ice-lite, a=end-of-candidates);
/// otherwise we are a full agent and trickle more (a=ice-options:trickle).
/// </summary>
internal sealed record SdpAnswerOptions(
    string IceUfrag,
    string IcePwd,
    SdpFingerprint Fingerprint,
    IReadOnlyList<IPEndPoint> Candidates,
    uint Ssrc,
    string Cname,
    ulong SessionId,
    bool IceLite = true);
