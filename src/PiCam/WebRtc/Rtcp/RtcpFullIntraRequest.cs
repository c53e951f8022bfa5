using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// Full intra request FCI (RFC 5104 §4.3.1): 8-byte entries of target SSRC and a sequence number that a
/// repeated request keeps, so a sender acts once per new number. The packet's media SSRC is zero.
/// </summary>
internal static class RtcpFullIntraRequest
{
    private const int EntryLength = 8;

    /// <summary>Finds the entry addressed to <paramref name="ssrc"/>; malformed FCI finds nothing.</summary>
    public static bool TryFindRequest(ReadOnlySpan<byte> fci, uint ssrc, out byte sequenceNumber)
    {
        sequenceNumber = 0;
        if (fci.Length % EntryLength != 0)
        {
            return false;
        }

        for (var at = 0; at < fci.Length; at += EntryLength)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(fci[at..]) == ssrc)
            {
                sequenceNumber = fci[at + 4];
                return true;
            }
        }

        return false;
    }

    public static int Write(Span<byte> destination, uint senderSsrc, uint targetSsrc, byte sequenceNumber)
    {
        var length = RtcpFeedback.WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FullIntraRequest, senderSsrc, 0, EntryLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], targetSsrc);
        destination[16] = sequenceNumber;
        destination.Slice(17, 3).Clear();
        return length;
    }
}
