using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

/// <summary>Random and damaged datagrams are refused, never thrown.</summary>
public sealed class SrtpFuzzTests
{
    [Theory]
    [InlineData((int)SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData((int)SrtpProfile.AeadAes128Gcm)]
    public void RandomAndTruncatedDatagrams_AreRefusedWithoutThrowing(int profile)
    {
        var p = (SrtpProfile)profile;
        using var sender = new SrtpContext(p, new byte[16], new byte[SrtpProfiles.MasterSaltLength(p)]);
        using var receiver = new SrtpContext(p, new byte[16], new byte[SrtpProfiles.MasterSaltLength(p)]);
        var good = SrtpContextTests.RtpPacket(42, payloadLength: 60);
        Assert.True(sender.TryProtectRtp(good, good.Length - 16, out var goodLength));
        var random = new Random(3711);
        for (var i = 0; i < 5000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 100)];
                random.NextBytes(input);
                if (input.Length > 0 && i % 4 == 0)
                {
                    input[0] = (byte)(0x80 | (input[0] & 0x3F));
                }
            }
            else
            {
                input = good[..random.Next(0, goodLength)];
            }

            Assert.False(receiver.TryUnprotectRtp(input, input.Length, out _));
            Assert.False(receiver.TryUnprotectRtcp((byte[])input.Clone(), input.Length, out _));
            Assert.False(receiver.TryUnprotectRtp(input, input.Length + 1, out _));
        }
    }
}
