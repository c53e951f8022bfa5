using PiCam.WebRtc.Rtp;

namespace PiCam.Tests.WebRtc.Rtp;

public sealed class RtpPacketTests
{
    [Fact]
    public void WrittenPacket_ParsesBack_EveryField()
    {
        var buffer = new byte[64];
        var length = RtpPacketWriter.Write(buffer, marker: true, payloadType: 102, sequenceNumber: 65535, timestamp: 0xFEDCBA98, ssrc: 0x01020304, [9, 8, 7]);

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.True(packet.Marker);
        Assert.Equal(102, packet.PayloadType);
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(0xFEDCBA98u, packet.Timestamp);
        Assert.Equal(0x01020304u, packet.Ssrc);
        Assert.Equal(new byte[] { 9, 8, 7 }, packet.Payload.ToArray());
        Assert.Equal(12, packet.HeaderLength);
        Assert.False(packet.HasExtension);
    }

    [Fact]
    public void Packet_WithCsrcsExtensionAndPadding_ExposesEachPart()
    {
        // V=2 P=1 X=1 CC=2, M=0 PT=96; 2 CSRCs; extension 0xBEDE of 1 word; payload AA BB; 2 bytes of padding.
        var bytes = Hex.Bytes("""
            b2 60 00 07 00 00 00 10 11 22 33 44
            00 00 00 0a 00 00 00 0b
            be de 00 01 10 ff 00 00
            aa bb 00 02
            """);

        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(0x0bu, packet.Csrc(1));
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal("10ff0000", Hex.Of(packet.ExtensionData));
        Assert.Equal("aabb", Hex.Of(packet.Payload));
        Assert.Equal(28, packet.HeaderLength);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80 60 00 01 00 00 00 00 00 00 00")]
    [InlineData("40 60 00 01 00 00 00 00 00 00 00 01")]
    [InlineData("81 60 00 01 00 00 00 00 00 00 00 01")]
    [InlineData("90 60 00 01 00 00 00 00 00 00 00 01 be de 00 01")]
    [InlineData("a0 60 00 01 00 00 00 00 00 00 00 01 aa 05")]
    [InlineData("a0 60 00 01 00 00 00 00 00 00 00 01 aa 00")]
    public void Malformed_IsRefused(string hex)
    {
        Assert.False(RtpPacket.TryParse(Hex.Bytes(hex), out _));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(3550);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (RtpPacket.TryParse(bytes, out var packet))
            {
                Assert.True(packet.HeaderLength + packet.Payload.Length <= bytes.Length);
                _ = packet.ExtensionData.Length + packet.ExtensionProfile;
                for (var c = 0; c < packet.CsrcCount; c++)
                {
                    packet.Csrc(c);
                }
            }
        }
    }

    [Fact]
    public void Timestamp_At90kHz_IsExact_AndWrapsWithoutOverflow()
    {
        Assert.Equal(9000u, RtpTimestamp.From(TimeSpan.FromMilliseconds(100)));
        Assert.Equal(2999u, RtpTimestamp.From(TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 30)));
        Assert.Equal(90_000u + 5, RtpTimestamp.From(TimeSpan.FromSeconds(1), start: 5));
        var year = TimeSpan.FromDays(365);
        Assert.Equal(unchecked((uint)(365UL * 86400 * 90000)), RtpTimestamp.From(year));
    }
}
