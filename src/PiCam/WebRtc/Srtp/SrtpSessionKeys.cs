namespace PiCam.WebRtc.Srtp;

/// <summary>The six session keys of one direction of an SRTP session (RFC 3711 §4.3.1).</summary>
internal sealed class SrtpSessionKeys
{
    public SrtpSessionKeys(byte[] rtpKey, byte[] rtpAuthKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpAuthKey, byte[] rtcpSalt)
    {
        RtpKey = rtpKey;
        RtpAuthKey = rtpAuthKey;
        RtpSalt = rtpSalt;
        RtcpKey = rtcpKey;
        RtcpAuthKey = rtcpAuthKey;
        RtcpSalt = rtcpSalt;
    }

    public byte[] RtpKey { get; }

    public byte[] RtpAuthKey { get; }

    public byte[] RtpSalt { get; }

    public byte[] RtcpKey { get; }

    public byte[] RtcpAuthKey { get; }

    public byte[] RtcpSalt { get; }

    public static SrtpSessionKeys Derive(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (masterKey.Length != SrtpProfiles.MasterKeyLength || masterSalt.Length != SrtpProfiles.MasterSaltLength(profile))
        {
            throw new ArgumentException($"{profile} takes a {SrtpProfiles.MasterKeyLength}-byte master key and a {SrtpProfiles.MasterSaltLength(profile)}-byte master salt.");
        }

        using var prf = new AesCounterMode(masterKey);
        var salt = masterSalt.ToArray();
        var saltLength = masterSalt.Length;
        var authLength = SrtpProfiles.AuthKeyLength(profile);
        byte[] Make(byte label, int length)
        {
            var key = new byte[length];
            SrtpKeyDerivation.Derive(prf, salt, label, key);
            return key;
        }

        return new SrtpSessionKeys(
            Make(SrtpKeyDerivation.RtpEncryption, masterKey.Length),
            Make(SrtpKeyDerivation.RtpAuthentication, authLength),
            Make(SrtpKeyDerivation.RtpSalt, saltLength),
            Make(SrtpKeyDerivation.RtcpEncryption, masterKey.Length),
            Make(SrtpKeyDerivation.RtcpAuthentication, authLength),
            Make(SrtpKeyDerivation.RtcpSalt, saltLength));
    }
}
