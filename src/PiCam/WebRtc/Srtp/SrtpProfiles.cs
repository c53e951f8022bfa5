namespace PiCam.WebRtc.Srtp;

/// <summary>Key, salt and tag lengths of each <see cref="SrtpProfile"/>.</summary>
internal static class SrtpProfiles
{
    public const int MasterKeyLength = 16;

    public static int MasterSaltLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    public static int AuthKeyLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 0 : 20;

    public static int TagLength(SrtpProfile profile) => profile == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes SRTCP adds: the tag and the 4-byte E flag and index.</summary>
    public static int RtcpOverhead(SrtpProfile profile) => TagLength(profile) + 4;

    public static bool IsKnown(int wireId) => wireId is (int)SrtpProfile.AesCm128HmacSha1_80 or (int)SrtpProfile.AeadAes128Gcm;
}
