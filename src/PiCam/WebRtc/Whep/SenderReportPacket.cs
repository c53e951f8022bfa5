using PiCam.WebRtc.Rtcp;
using PiCam.WebRtc.Rtp;

namespace PiCam.WebRtc.Whep;

/// <summary>
/// The compound RTCP packet a session sends every second (RFC 3550 §6.1: a report first, then SDES with the
/// CNAME): a sender report whose NTP time is the wall clock now and whose RTP timestamp is the same instant
/// on the session's 90 kHz media clock (the clock its pictures are stamped with, from their capture time),
/// so the viewer can map timestamps to time and echo the NTP time back for the round trip (§6.4.1).
/// </summary>
internal static class SenderReportPacket
{
    /// <summary>Enough for the SR and an SDES with a CNAME of up to 32 bytes.</summary>
    public const int MaxLength = 28 + 48;

    /// <summary>
    /// Writes the compound packet; <paramref name="mediaClock"/> is the monotonic time since the media clock's
    /// zero (what <c>TimeProvider.GetElapsedTime(0, now)</c> gives) and <paramref name="timestampBase"/> its
    /// random RTP offset. Counts wrap as RFC 3550 says.
    /// </summary>
    public static int Write(Span<byte> destination, uint ssrc, DateTimeOffset wallClock, TimeSpan mediaClock, uint timestampBase,
        long packetsSent, long payloadOctets, string cname)
    {
        var length = RtcpSenderReport.Write(destination, ssrc, NtpTimestamp.From(wallClock), RtpTimestamp.From(mediaClock, timestampBase),
            unchecked((uint)packetsSent), unchecked((uint)payloadOctets));
        return length + RtcpSourceDescription.WriteCname(destination[length..], ssrc, cname);
    }
}
