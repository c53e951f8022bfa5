using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Dtls;

public sealed class DtlsSrtpKeysTests
{
    /// <summary>RFC 5764 §4.2: client key | server key | client salt | server salt. We send with the server's.</summary>
    [Theory]
    [InlineData((int)SrtpProfile.AeadAes128Gcm)]
    [InlineData((int)SrtpProfile.AesCm128HmacSha1_80)]
    public void ServerContexts_SendWithTheServerHalf_AndReceiveWithTheClientHalf(int profileId)
    {
        var profile = (SrtpProfile)profileId;
        var salt = SrtpProfiles.MasterSaltLength(profile);
        var material = Enumerable.Range(1, 2 * (16 + salt)).Select(i => (byte)i).ToArray();
        var (outbound, inbound) = DtlsSrtpKeys.ForServer(profile, material);
        using var sender = outbound;
        using var receiver = inbound;
        using var browserReceives = new SrtpContext(profile, material.AsSpan(16, 16), material.AsSpan(32 + salt, salt));
        using var browserSends = new SrtpContext(profile, material.AsSpan(0, 16), material.AsSpan(32, salt));

        var toBrowser = Srtp.SrtpContextTests.RtpPacket(1);
        Assert.True(outbound.TryProtectRtp(toBrowser, toBrowser.Length - 16, out var length));
        Assert.True(browserReceives.TryUnprotectRtp(toBrowser, length, out _));

        var fromBrowser = Srtp.SrtpContextTests.RtpPacket(2);
        Assert.True(browserSends.TryProtectRtp(fromBrowser, fromBrowser.Length - 16, out length));
        Assert.True(inbound.TryUnprotectRtp(fromBrowser, length, out _));
    }

    [Fact]
    public void KeyingMaterial_OfTheWrongLength_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.ForServer(SrtpProfile.AeadAes128Gcm, new byte[60]));
    }
}
