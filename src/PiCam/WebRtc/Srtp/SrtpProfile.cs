namespace PiCam.WebRtc.Srtp;

/// <summary>The SRTP protection profiles DTLS-SRTP negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2); values are the wire IDs.</summary>
internal enum SrtpProfile
{
    AesCm128HmacSha1_80 = 0x0001,
    AeadAes128Gcm = 0x0007,
}
