namespace PiCam.WebRtc.Whep;

/// <summary>Where a WHEP session is: waiting for ICE checks, in the DTLS handshake, sending media, or over.</summary>
internal enum WebRtcSessionState
{
    Checking,
    Handshaking,
    Connected,
    Closed,
}
