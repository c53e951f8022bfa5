using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Rtp.H264;

namespace PiCam.Tests.WebRtc.Rtp;

public sealed class H264PacketizerTests
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xE0, 0x1F, 0x8C, 0x8D, 0x40, 0x50, 0x1E, 0xD0];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];

    private static byte[] Nal(byte header, int length, int seed)
    {
        var nal = new byte[length];
        new Random(seed).NextBytes(nal);
        nal[0] = header;
        for (var i = 1; i < length; i++)
        {
            // No start-code emulation inside a NAL unit (the encoder inserts 03 bytes to ensure that).
            if (nal[i] == 0)
            {
                nal[i] = 0x5A;
            }
        }

        return nal;
    }

    private static byte[] AnnexB(params byte[][] nals) =>
        nals.SelectMany(n => new byte[] { 0, 0, 0, 1 }.Concat(n)).ToArray();

    private static List<byte[]> Packetize(H264Packetizer packetizer, byte[] accessUnit, uint timestamp)
    {
        var packets = new List<byte[]>();
        var count = packetizer.Packetize(accessUnit, timestamp, (buffer, length) =>
        {
            Assert.True(buffer.Length - length >= H264Packetizer.SpareBytes);
            packets.Add(buffer[..length].ToArray());
        });
        Assert.Equal(count, packets.Count);
        return packets;
    }

    [Fact]
    public void KeyFrame_IsStapAOfSpsAndPps_ThenFuAFragments_MarkerOnTheLastOnly()
    {
        var packetizer = new H264Packetizer(ssrc: 0xCAFE, payloadType: 102, firstSequenceNumber: 65534);
        var idr = Nal(0x65, 5000, 1);
        var packets = Packetize(packetizer, AnnexB(Sps, Pps, idr), timestamp: 12345);

        var fragments = (int)Math.Ceiling((idr.Length - 1) / (double)(H264Packetizer.DefaultMtu - 14));
        Assert.Equal(1 + fragments, packets.Count);
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.True(RtpPacket.TryParse(packets[i], out var p));
            Assert.True(packets[i].Length <= H264Packetizer.DefaultMtu);
            Assert.Equal((ushort)(65534 + i), p.SequenceNumber);
            Assert.Equal(12345u, p.Timestamp);
            Assert.Equal(102, p.PayloadType);
            Assert.Equal(i == packets.Count - 1, p.Marker);
        }

        Assert.True(RtpPacket.TryParse(packets[0], out var stap));
        Assert.Equal(H264NalType.StapA, stap.Payload[0] & 0x1F);
        Assert.Equal(0x60, stap.Payload[0] & 0x60);
        Assert.Equal(1 + 2 + Sps.Length + 2 + Pps.Length, stap.Payload.Length);
        Assert.True(RtpPacket.TryParse(packets[1], out var first));
        Assert.Equal(0x60 | 28, first.Payload[0]);
        Assert.Equal(0x80 | 5, first.Payload[1]);
        Assert.True(RtpPacket.TryParse(packets[^1], out var end));
        Assert.Equal(0x40 | 5, end.Payload[1]);
        Assert.Equal((ushort)(65534 + packets.Count), packetizer.NextSequenceNumber);
    }

    [Fact]
    public void SmallFrame_IsOneSingleNalPacket_WithTheMarker()
    {
        var packetizer = new H264Packetizer(1, 96, 10);
        var slice = Nal(0x41, 800, 2);

        var packets = Packetize(packetizer, AnnexB([0x09, 0xF0], slice), 3000);

        var packet = Assert.Single(packets);
        Assert.True(RtpPacket.TryParse(packet, out var p));
        Assert.True(p.Marker);
        Assert.Equal(Hex.Of(slice), Hex.Of(p.Payload));
    }

    [Fact]
    public void NalOfExactlyTheMtu_IsSingle_AndOneByteMore_IsFragmented()
    {
        var packetizer = new H264Packetizer(1, 96, 0, mtu: 200);

        Assert.Single(Packetize(packetizer, AnnexB(Nal(0x41, 188, 3)), 0));
        Assert.Equal(2, Packetize(packetizer, AnnexB(Nal(0x41, 189, 4)), 0).Count);
    }

    [Theory]
    [InlineData(1200)]
    [InlineData(300)]
    [InlineData(17)]
    public void EveryShapeOfAccessUnit_RoundTripsThroughTheDepacketizer(int mtu)
    {
        var packetizer = new H264Packetizer(7, 96, 100, mtu);
        var depacketizer = new H264Depacketizer();
        byte[][][] units =
        [
            [Sps, Pps, Nal(0x65, 20_000, 5)],
            [Nal(0x41, 50, 6)],
            [Nal(0x06, 30, 7), Nal(0x41, 3000, 8), Nal(0x41, 10, 9)],
            [Sps, Pps],
            [Sps, Pps, Nal(0x65, 900, 10), Nal(0x65, 901, 11)],
        ];
        uint timestamp = 0;
        foreach (var nals in units)
        {
            var accessUnit = AnnexB(nals);
            byte[]? reassembled = null;
            foreach (var packet in Packetize(packetizer, accessUnit, timestamp += 3000))
            {
                Assert.True(packet.Length <= mtu);
                Assert.Null(reassembled);
                if (depacketizer.TryPush(packet, out var unit))
                {
                    reassembled = unit;
                }
            }

            Assert.Equal(Hex.Of(accessUnit), Hex.Of(reassembled));
        }

        Assert.Equal(0, depacketizer.PacketsLost + depacketizer.UnitsDropped + depacketizer.PacketsRejected);
    }

    [Fact]
    public void LostPacket_DropsThatAccessUnit_AndTheNextOneStillArrives()
    {
        var packetizer = new H264Packetizer(7, 96, 0);
        var depacketizer = new H264Depacketizer();
        var big = Packetize(packetizer, AnnexB(Nal(0x65, 4000, 12)), 3000);
        var next = AnnexB(Nal(0x41, 500, 13));
        var small = Packetize(packetizer, next, 6000);

        big.RemoveAt(1);
        foreach (var packet in big)
        {
            Assert.False(depacketizer.TryPush(packet, out _));
        }

        Assert.True(depacketizer.TryPush(small[0], out var unit));
        Assert.Equal(Hex.Of(next), Hex.Of(unit));
        Assert.Equal(1, depacketizer.PacketsLost);
        Assert.Equal(1, depacketizer.UnitsDropped);
    }

    [Fact]
    public void HostilePackets_AreCountedAndDropped_NeverThrown()
    {
        var depacketizer = new H264Depacketizer();
        var random = new Random(6184);
        var header = new byte[] { 0x80, 0xE0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9 };
        for (var i = 0; i < 20_000; i++)
        {
            var payload = new byte[random.Next(0, 40)];
            random.NextBytes(payload);
            if (payload.Length > 0)
            {
                payload[0] = (byte)((payload[0] & 0xE0) | new[] { 1, 5, 24, 28, 25, 29, 0, 31 }[i % 8]);
            }

            header[3] = (byte)i;
            header[1] = (byte)(i % 3 == 0 ? 0xE0 : 0x60);
            if (depacketizer.TryPush(header.Concat(payload).ToArray(), out var unit))
            {
                Assert.NotEmpty(unit);
            }
        }

        Assert.True(depacketizer.PacketsRejected > 1000);
    }
}
