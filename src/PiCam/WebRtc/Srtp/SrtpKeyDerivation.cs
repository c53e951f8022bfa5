namespace PiCam.WebRtc.Srtp;

/// <summary>
/// The AES-CM key derivation function of RFC 3711 §4.3 with a key derivation rate of zero, as DTLS-SRTP
/// uses: x = label at byte 7 of the 14-byte master salt (a 12-byte AEAD salt is zero-padded, RFC 7714 §11),
/// and the session key is the AES-CM keystream from IV = x * 2^16 under the master key.
/// </summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        if (masterSalt.Length > 14)
        {
            throw new ArgumentException("An SRTP master salt is at most 14 bytes.", nameof(masterSalt));
        }

        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        prf.Apply(iv, output);
    }
}
