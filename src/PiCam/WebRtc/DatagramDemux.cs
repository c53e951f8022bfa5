using PiCam.WebRtc.Dtls;
using PiCam.WebRtc.Stun;

namespace PiCam.WebRtc;

/// <summary>
/// Sorts a datagram on the shared port by its first byte (RFC 7983 §7: 0-3 STUN, 20-63 DTLS, 128-191
/// RTP/RTCP) and, for RTP/RTCP under rtcp-mux, by the second byte (RFC 5761 §4: 192-223 is RTCP).
/// It only sorts; each parser still checks the whole packet.
/// </summary>
internal static class DatagramDemux
{
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return DatagramKind.Unknown;
        }

        var first = datagram[0];
        if (first <= 3)
        {
            return StunMessage.LooksLikeStun(datagram) ? DatagramKind.Stun : DatagramKind.Unknown;
        }

        if (first is >= 20 and <= 63)
        {
            return DtlsDatagramQueue.LooksLikeDtls(datagram) ? DatagramKind.Dtls : DatagramKind.Unknown;
        }

        if (first is >= 128 and <= 191 && datagram.Length >= 8)
        {
            return datagram[1] is >= 192 and <= 223 ? DatagramKind.Rtcp : DatagramKind.Rtp;
        }

        return DatagramKind.Unknown;
    }
}
