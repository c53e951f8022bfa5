namespace PiCam.WebRtc.Ice;

/// <summary>Where a candidate's address comes from (RFC 8445 §5.1.1): an interface, a STUN server's view, a check, or a TURN relay.</summary>
internal enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,
    Relayed,
}
