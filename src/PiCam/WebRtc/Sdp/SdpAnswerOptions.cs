using System.Net;

namespace PiCam.WebRtc.Sdp;

/// <summary>Our side of an answer: ICE-lite credentials, our certificate's fingerprint, host candidates, and the video stream's SSRC and CNAME.</summary>
internal sealed record SdpAnswerOptions(
    string IceUfrag,
    string IcePwd,
    SdpFingerprint Fingerprint,
    IReadOnlyList<IPEndPoint> Candidates,
    uint Ssrc,
    string Cname,
    ulong SessionId);
