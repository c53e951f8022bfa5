namespace PiCam.WebRtc;

/// <summary>What arrived on the shared WebRTC UDP port (see <see cref="DatagramDemux"/>).</summary>
internal enum DatagramKind
{
    Unknown,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}
