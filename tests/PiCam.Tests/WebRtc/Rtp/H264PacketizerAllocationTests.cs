using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Rtp.H264;

namespace PiCam.Tests.WebRtc.Rtp;

public sealed class H264PacketizerAllocationTests
{
    private static int _bytes;

    [Fact]
    public void Packetize_InSteadyState_AllocatesNothing()
    {
        var accessUnit = new byte[4 + 10 + 4 + 4 + 4 + 30_000];
        byte[] sps = [0, 0, 0, 1, 0x67, 0x42, 0xE0, 0x1F, 1, 2, 3, 4, 5, 6];
        byte[] pps = [0, 0, 0, 1, 0x68, 0xCE, 0x3C, 0x80];
        sps.CopyTo(accessUnit, 0);
        pps.CopyTo(accessUnit, sps.Length);
        accessUnit.AsSpan(sps.Length + pps.Length).Fill(0x5A);
        accessUnit[sps.Length + pps.Length + 2] = 1;
        accessUnit[sps.Length + pps.Length + 3] = 0x65;
        var packetizer = new H264Packetizer(1, 102, 0);
        RtpPacketSink sink = static (_, length) => _bytes += length;

        for (var i = 0; i < 20; i++)
        {
            packetizer.Packetize(accessUnit, (uint)i * 3000, sink);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 20; i < 120; i++)
        {
            packetizer.Packetize(accessUnit, (uint)i * 3000, sink);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(_bytes > 120 * 30_000);
    }
}
