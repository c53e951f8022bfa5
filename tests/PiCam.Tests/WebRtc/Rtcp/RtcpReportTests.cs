using PiCam.WebRtc.Rtcp;

namespace PiCam.Tests.WebRtc.Rtcp;

public sealed class RtcpReportTests
{
    /// <summary>
    /// The sender report RFC 7714 §17 encrypts: SSRC "Mars", one block about "Luna" of DEADBEEF words. As
    /// printed, its length field says 14 words where 13 follow (SRTCP does not look); here it says 13 - 1.
    /// </summary>
    private static readonly byte[] Rfc7714SenderReport = Hex.Bytes("""
        81c8000c 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef
        """);

    private static RtcpPacket Single(byte[] datagram)
    {
        var compound = new RtcpCompound(datagram);
        Assert.True(compound.MoveNext());
        var packet = compound.Current;
        Assert.False(compound.MoveNext());
        Assert.True(compound.IsValid);
        return packet;
    }

    [Fact]
    public void Rfc7714SenderReport_Parses_AndIsWrittenBackByteForByte()
    {
        Assert.True(RtcpSenderReport.TryParse(Single(Rfc7714SenderReport), out var report));

        Assert.Equal(0x4d617273u, report.Ssrc);
        Assert.Equal(0x4e5450314e545032ul, report.NtpTimestamp);
        Assert.Equal(0x52545020u, report.RtpTimestamp);
        Assert.Equal(0x42au, report.PacketCount);
        Assert.Equal(0xe930u, report.OctetCount);
        Assert.Equal(1, report.BlockCount);
        var block = report.Block(0);
        Assert.Equal(new RtcpReportBlock(0x4c756e61, 0xde, 0xadbeef - 0x1000000, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, 0xdeadbeef), block);

        var written = new byte[64];
        var length = RtcpSenderReport.Write(written, report.Ssrc, report.NtpTimestamp, report.RtpTimestamp, report.PacketCount, report.OctetCount, [block]);
        Assert.Equal(Hex.Of(Rfc7714SenderReport), Hex.Of(written.AsSpan(0, length)));
    }

    [Fact]
    public void Rfc7714SenderReport_AsPrinted_OverrunsItself_AndIsRefused()
    {
        var printed = (byte[])Rfc7714SenderReport.Clone();
        printed[3] = 0x0d;
        var compound = new RtcpCompound(printed);

        Assert.False(compound.MoveNext());
        Assert.False(compound.IsValid);
    }

    [Fact]
    public void ReceiverReport_RoundTrips_LossAndJitter()
    {
        var block = new RtcpReportBlock(0xCAFE, FractionLost: 64, CumulativeLost: 1234, HighestSequence: 0x1_0005, Jitter: 450, LastSenderReport: 0xb7052000, DelaySinceLastSenderReport: 0x00054000);
        var buffer = new byte[64];
        var length = RtcpReceiverReport.Write(buffer, 0xB0B, [block, block with { Ssrc = 2, CumulativeLost = -3 }]);

        Assert.True(RtcpReceiverReport.TryParse(Single(buffer[..length]), out var report));
        Assert.Equal(0xB0Bu, report.SenderSsrc);
        Assert.Equal(2, report.BlockCount);
        Assert.Equal(block, report.Block(0));
        Assert.Equal(0.25, report.Block(0).LossRatio);
        Assert.Equal(-3, report.Block(1).CumulativeLost);
    }

    [Fact]
    public void ReceiverReport_ClaimingMoreBlocksThanItHolds_IsRefused()
    {
        var buffer = new byte[64];
        var length = RtcpReceiverReport.Write(buffer, 1, [new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0)]);
        buffer[0] = 0x82;

        Assert.False(RtcpReceiverReport.TryParse(Single(buffer[..length]), out _));
    }

    [Fact]
    public void Compound_SenderReportAndCname_WalkInOrder()
    {
        var buffer = new byte[128];
        var length = RtcpSenderReport.Write(buffer, 7, NtpTimestamp.From(DateTimeOffset.UnixEpoch), 90_000, 10, 12_000);
        length += RtcpSourceDescription.WriteCname(buffer.AsSpan(length), 7, "picam-kitchen");

        var types = new List<byte>();
        var compound = new RtcpCompound(buffer.AsSpan(0, length));
        while (compound.MoveNext())
        {
            types.Add(compound.Current.Type);
            if (RtcpSourceDescription.TryGetCname(compound.Current, out var ssrc, out var cname))
            {
                Assert.Equal(7u, ssrc);
                Assert.Equal("picam-kitchen", cname);
            }
        }

        Assert.True(compound.IsValid);
        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription], types);
        Assert.Equal(0, length % 4);
    }

    [Theory]
    [InlineData("")]
    [InlineData("81c9")]
    [InlineData("41c90001 00000001")]
    [InlineData("81c90002 00000001")]
    [InlineData("a1c90001 00000000")]
    [InlineData("a1c90001 00000009")]
    [InlineData("a0c90001 00000004 80c90000")]
    public void Compound_Malformed_StopsAndSaysSo(string hex)
    {
        var compound = new RtcpCompound(Hex.Bytes(hex));
        while (compound.MoveNext())
        {
        }

        Assert.False(compound.IsValid);
    }

    [Fact]
    public void Compound_PaddingOnTheLastPacket_IsRemovedFromItsBody()
    {
        var compound = new RtcpCompound(Hex.Bytes("a0cb0002 00000001 00000004"));

        Assert.True(compound.MoveNext());
        Assert.Equal(4, compound.Current.Body.Length);
        Assert.True(compound.IsValid);
    }

    [Fact]
    public void RoundTrip_OfRfc3550sExample_IsSixAndAnEighthSeconds()
    {
        // §6.4.1: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000, DLSR = 0x0005:4000.
        var arrival = 0xb7108000UL << 16;

        Assert.Equal(TimeSpan.FromSeconds(6.125), NtpTimestamp.RoundTrip(arrival, 0xb7052000, 0x00054000));
        Assert.Null(NtpTimestamp.RoundTrip(arrival, 0, 0));
        Assert.Null(NtpTimestamp.RoundTrip(arrival, 0xb7200000, 0));
    }

    [Fact]
    public void Ntp_OfAKnownInstant_HasTheRightSecondsAndFraction()
    {
        var ntp = NtpTimestamp.From(DateTimeOffset.UnixEpoch.AddSeconds(1.5));

        Assert.Equal(2_208_988_801UL, ntp >> 32);
        Assert.Equal(0x80000000UL, ntp & 0xFFFFFFFF);
    }
}
