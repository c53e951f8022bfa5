using PiCam.Tests.WebRtc.Stun;
using PiCam.WebRtc;

namespace PiCam.Tests.WebRtc;

public sealed class DatagramDemuxTests
{
    [Theory]
    [InlineData("", (int)DatagramKind.Unknown)]
    [InlineData("16 fe fd 00 00 00 00 00 00 00 00 00 10", (int)DatagramKind.Dtls)]
    [InlineData("16 fe fd", (int)DatagramKind.Unknown)]
    [InlineData("80 66 00 01 00 00 0b b8 00 00 ca fe", (int)DatagramKind.Rtp)]
    [InlineData("80 e6 00 01 00 00 0b b8 00 00 ca fe", (int)DatagramKind.Rtp)]
    [InlineData("81 c9 00 07 00 00 00 01", (int)DatagramKind.Rtcp)]
    [InlineData("81 ce 00 02 00 00 00 01", (int)DatagramKind.Rtcp)]
    [InlineData("00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", (int)DatagramKind.Unknown)]
    [InlineData("47 40 11 10", (int)DatagramKind.Unknown)]
    [InlineData("ff ff ff ff ff ff ff ff", (int)DatagramKind.Unknown)]
    public void FirstBytes_SortTheDatagram(string hex, int kind)
    {
        Assert.Equal((DatagramKind)kind, DatagramDemux.Classify(Hex.Bytes(hex)));
    }

    [Fact]
    public void StunVector_IsStun()
    {
        Assert.Equal(DatagramKind.Stun, DatagramDemux.Classify(Rfc5769Vectors.SampleRequest));
    }
}
