using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Rtp;
using PiCam.WebRtc.Whep;

namespace PiCam.Tests.WebRtc.Whep;

public sealed class SenderReportPacketTests
{
    [Fact]
    public void SenderReport_MapsTheWallClockToNtp_AndTheSameInstantToTheMediaClock_ThenCarriesTheCname()
    {
        // 2025-06-01 12:16:40.5 UTC is NTP 0xEBE6C328.80000000; the media clock has run 1000.5 s from its
        // zero, 90,045,000 ticks of 90 kHz past a random base of 4,000,000,000 (so it wraps).
        var wall = new DateTimeOffset(2025, 6, 1, 12, 16, 40, 500, TimeSpan.Zero);
        var buffer = new byte[SenderReportPacket.MaxLength];

        var length = SenderReportPacket.Write(buffer, 0xCAFE, wall, TimeSpan.FromSeconds(1000.5), 4_000_000_000u,
            packetsSent: 0x1_0000_0005, payloadOctets: 123_456, cname: "picam");

        var compound = new RtcpCompound(buffer.AsSpan(0, length));
        Assert.True(compound.MoveNext());
        Assert.True(RtcpSenderReport.TryParse(compound.Current, out var report));
        Assert.Equal(0xCAFEu, report.Ssrc);
        Assert.Equal(0xEBE6C328_80000000ul, report.NtpTimestamp);
        Assert.Equal(unchecked(4_000_000_000u + 90_045_000u), report.RtpTimestamp);
        Assert.Equal(5u, report.PacketCount);
        Assert.Equal(123_456u, report.OctetCount);
        Assert.Equal(0, report.BlockCount);

        Assert.True(compound.MoveNext());
        Assert.True(RtcpSourceDescription.TryGetCname(compound.Current, out var ssrc, out var cname));
        Assert.Equal((0xCAFEu, "picam"), (ssrc, cname));
        Assert.False(compound.MoveNext());
        Assert.True(compound.IsValid);
        Assert.Equal(28 + 16, length);
    }

    [Fact]
    public void SenderReport_RtpTimestamp_IsTheClockItsPicturesAreStampedWith()
    {
        // A picture captured 2.5 s before the report is stamped 225,000 ticks before the report's timestamp.
        var buffer = new byte[SenderReportPacket.MaxLength];
        var now = TimeSpan.FromSeconds(3600.25);
        SenderReportPacket.Write(buffer, 1, DateTimeOffset.UnixEpoch, now, 77, 0, 0, "picam");
        var compound = new RtcpCompound(buffer);
        Assert.True(compound.MoveNext());
        Assert.True(RtcpSenderReport.TryParse(compound.Current, out var report));

        var picture = RtpTimestamp.From(now - TimeSpan.FromSeconds(2.5), 77);
        Assert.Equal(225_000u, report.RtpTimestamp - picture);
    }
}
