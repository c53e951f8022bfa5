using PiCam.WebRtc.Srtp;

namespace PiCam.Tests.WebRtc.Srtp;

/// <summary>Fifty viewers at a few hundred packets a second each: protecting and unprotecting must not allocate.</summary>
public sealed class SrtpAllocationTests
{
    [Theory]
    [InlineData((int)SrtpProfile.AeadAes128Gcm)]
    [InlineData((int)SrtpProfile.AesCm128HmacSha1_80)]
    public void ProtectAndUnprotect_InSteadyState_AllocateNothing(int profileId)
    {
        var profile = (SrtpProfile)profileId;
        using var sender = new SrtpContext(profile, new byte[16], new byte[SrtpProfiles.MasterSaltLength(profile)]);
        using var receiver = new SrtpContext(profile, new byte[16], new byte[SrtpProfiles.MasterSaltLength(profile)]);
        var packet = new byte[1200 + 16];
        packet[0] = 0x80;
        packet[1] = 102;

        void RoundTrip(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                packet[2] = (byte)(i >> 8);
                packet[3] = (byte)i;
                Assert.True(sender.TryProtectRtp(packet, 1200, out var length));
                Assert.True(receiver.TryUnprotectRtp(packet, length, out _));
            }
        }

        RoundTrip(0, 200);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrip(200, 1000);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
