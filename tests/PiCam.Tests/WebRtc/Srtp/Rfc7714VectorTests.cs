using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

/// <summary>
/// RFC 7714's AEAD_AES_128_GCM examples: §16.1 (SRTP) and §17.1 (SRTCP). The vectors give session keys,
/// not master keys, so the contexts are built from them directly.
/// </summary>
public sealed class Rfc7714VectorTests
{
    private static readonly byte[] Key = Hex.Bytes("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] Salt = Hex.Bytes("517569642070726f2071756f");

    private static readonly byte[] RtpPlain = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973
        20646976 69736120 696e2070 61727465 73207472 6573
        """);

    private static readonly byte[] RtpProtected = Hex.Bytes("""
        8040f17b 8041f8d3 5501a0b2
        f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833
        899d7f27 beb16a91 52cf765e e4390cce
        """);

    private static readonly byte[] RtcpPlain = Hex.Bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef
        """);

    private static readonly byte[] RtcpProtected = Hex.Bytes("""
        81c8000d 4d617273
        63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b
        c84aa458 96cf4d2f c5abf872 45d9eade
        800005d4
        """);

    private static SrtpContext Context() =>
        new(SrtpProfile.AeadAes128Gcm, new SrtpSessionKeys(Key, [], Salt, Key, [], Salt));

    [Fact]
    public void RtpIv_OfSection16_IsTheRfcs()
    {
        Span<byte> nonce = stackalloc byte[12];
        AesGcmTransform.RtpNonce(Salt, 0x5501a0b2, 0xf17b, nonce);

        Assert.Equal("51753c6580c2726f20718414", Hex.Of(nonce));
    }

    [Fact]
    public void RtcpIv_OfSection17_IsTheRfcs()
    {
        Span<byte> nonce = stackalloc byte[12];
        AesGcmTransform.RtcpNonce(Salt, 0x4d617273, 0x5d4, nonce);

        Assert.Equal("517524055203726f207170bb", Hex.Of(nonce));
    }

    [Fact]
    public void ProtectRtp_Section16Packet_IsTheRfcsCiphertextAndTag()
    {
        using var context = Context();
        var buffer = new byte[RtpPlain.Length + context.RtpOverhead];
        RtpPlain.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtp(buffer, RtpPlain.Length, out var length));

        Assert.Equal(Hex.Of(RtpProtected), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void UnprotectRtp_Section16Packet_IsThePlainPacket()
    {
        using var context = Context();
        var buffer = (byte[])RtpProtected.Clone();

        Assert.True(context.TryUnprotectRtp(buffer, buffer.Length, out var length));

        Assert.Equal(Hex.Of(RtpPlain), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void ProtectRtcp_Section17PacketAtIndex0x5d4_IsTheRfcsCiphertextTagAndIndex()
    {
        using var context = Context();
        context.SetNextRtcpIndex(0x4d617273, 0x5d4);
        var buffer = new byte[RtcpPlain.Length + context.RtcpOverhead];
        RtcpPlain.CopyTo(buffer, 0);

        Assert.True(context.TryProtectRtcp(buffer, RtcpPlain.Length, out var length));

        Assert.Equal(Hex.Of(RtcpProtected), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void UnprotectRtcp_Section17Packet_IsThePlainPacket()
    {
        using var context = Context();
        var buffer = (byte[])RtcpProtected.Clone();

        Assert.True(context.TryUnprotectRtcp(buffer, buffer.Length, out var length));

        Assert.Equal(Hex.Of(RtcpPlain), Hex.Of(buffer.AsSpan(0, length)));
    }

    [Fact]
    public void UnprotectRtp_AnyFlippedBit_IsRefused()
    {
        for (var i = 0; i < RtpProtected.Length; i++)
        {
            using var context = Context();
            var buffer = (byte[])RtpProtected.Clone();
            buffer[i] ^= 0x04;

            Assert.False(context.TryUnprotectRtp(buffer, buffer.Length, out _), $"byte {i}");
        }
    }
}
