namespace PiCam.WebRtc.Sdp;

/// <summary>What we need from a WHEP viewer's offer, checked: its ICE credentials, DTLS fingerprint and role, and the video section with the H.264 format we will send.</summary>
internal sealed class SdpOffer
{
    public required IReadOnlyList<SdpMediaSection> Sections { get; init; }

    public required int VideoIndex { get; init; }

    public required string VideoMid { get; init; }

    public required string IceUfrag { get; init; }

    public required string IcePwd { get; init; }

    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary><c>actpass</c> or <c>active</c>: either way we answer <c>passive</c> and wait for the ClientHello.</summary>
    public required string Setup { get; init; }

    public required int H264PayloadType { get; init; }

    public required string H264Fmtp { get; init; }

    /// <summary>The rtcp-fb values offered for the chosen format that we also implement (nack, nack pli, ccm fir).</summary>
    public required IReadOnlyList<string> Feedback { get; init; }

    public required bool ReducedSizeRtcp { get; init; }

    /// <summary>Whether the offer bundled the video section (a=group:BUNDLE naming its mid).</summary>
    public required bool Bundled { get; init; }
}
