using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// Generic NACK FCI (RFC 4585 §6.2.1): 4-byte entries of a lost packet ID (PID) and a bitmask (BLP) whose
/// bit i means PID + i + 1 was lost too.
/// </summary>
internal static class RtcpGenericNack
{
    private const int EntryLength = 4;

    /// <summary>
    /// Writes every sequence number the FCI names into <paramref name="lost"/>, in order, and returns how
    /// many; stops when the destination is full. Malformed FCI names nothing.
    /// </summary>
    public static int Expand(ReadOnlySpan<byte> fci, Span<ushort> lost)
    {
        if (fci.Length % EntryLength != 0)
        {
            return 0;
        }

        var count = 0;
        for (var at = 0; at < fci.Length && count < lost.Length; at += EntryLength)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(fci[at..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(fci[(at + 2)..]);
            lost[count++] = pid;
            for (var bit = 0; bit < 16 && count < lost.Length; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    lost[count++] = (ushort)(pid + bit + 1);
                }
            }
        }

        return count;
    }

    /// <summary>Writes a NACK for <paramref name="lost"/> (ascending, modulo the wrap) as few entries as it takes.</summary>
    public static int Write(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        var entries = 0;
        var at = RtcpPacket.HeaderLength + 8;
        for (var i = 0; i < lost.Length;)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var distance = (ushort)(lost[i] - pid);
                if (distance is < 1 or > 16)
                {
                    break;
                }

                blp |= (ushort)(1 << (distance - 1));
                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], blp);
            at += EntryLength;
            entries++;
        }

        return RtcpFeedback.WriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.GenericNack, senderSsrc, mediaSsrc, entries * EntryLength);
    }
}
