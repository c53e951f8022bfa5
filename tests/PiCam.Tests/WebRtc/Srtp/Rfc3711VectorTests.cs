using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

/// <summary>RFC 3711 Appendix B: the AES-CM keystream (B.2) and the key derivation (B.3).</summary>
public sealed class Rfc3711VectorTests
{
    [Fact]
    public void AesCm_KeystreamOfAppendixB2_MatchesAtTheStartAndAcrossTheByteCarry()
    {
        using var cipher = new AesCounterMode(Hex.Bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        Span<byte> iv = stackalloc byte[16];
        // Session salt F0F1..FCFD, SSRC 0, index 0: the IV is the RFC's "Offset".
        AesCmHmacSha1Transform.BuildIv(Hex.Bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD"), ssrc: 0, index: 0, iv);
        Assert.Equal("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000", Hex.Of(iv));
        var keystream = new byte[0xFF02 * 16];

        cipher.Apply(iv, keystream);

        string Block(int counter) => Hex.Of(keystream.AsSpan(counter * 16, 16));
        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Block(0x0000));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Block(0x0001));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", Block(0x0002));
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", Block(0xFEFF));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", Block(0xFF00));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", Block(0xFF01));
    }

    [Fact]
    public void KeyDerivation_OfAppendixB3_GivesTheCipherKeySaltAndAuthKey()
    {
        var masterKey = Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6");
        using var prf = new AesCounterMode(masterKey);
        var cipherKey = new byte[16];
        var cipherSalt = new byte[14];
        var authKey = new byte[94];

        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpEncryption, cipherKey);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpSalt, cipherSalt);
        SrtpKeyDerivation.Derive(prf, masterSalt, SrtpKeyDerivation.RtpAuthentication, authKey);

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(cipherKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(cipherSalt));
        Assert.Equal(Hex.Of(Hex.Bytes("""
            CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2
            """)), Hex.Of(authKey));
    }

    [Fact]
    public void SessionKeys_ForAesCm_AreTheB3KeysAtTheirProfileLengths()
    {
        var keys = SrtpSessionKeys.Derive(SrtpProfile.AesCm128HmacSha1_80,
            Hex.Bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.Bytes("0EC675AD498AFEEBB6960B3AABE6"));

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Of(keys.RtpKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Of(keys.RtpSalt));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Of(keys.RtpAuthKey));
        Assert.NotEqual(keys.RtpKey, keys.RtcpKey);
        Assert.Equal(20, keys.RtcpAuthKey.Length);
    }
}
