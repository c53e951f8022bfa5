using System.Buffers.Binary;
using System.Text;

namespace PiCam.WebRtc.Rtcp;

/// <summary>SDES with one chunk carrying a CNAME (RFC 3550 §6.5), which every compound packet we send includes.</summary>
internal static class RtcpSourceDescription
{
    private const byte CnameItem = 1;

    public static int WriteCname(Span<byte> destination, uint ssrc, string cname)
    {
        var textLength = Encoding.UTF8.GetByteCount(cname);
        if (textLength > 255)
        {
            throw new ArgumentException("An SDES item holds at most 255 bytes.", nameof(cname));
        }

        // Chunk: SSRC, item type, length, text, then at least one zero byte (END) padding to a word.
        var chunk = (4 + 2 + textLength + 1 + 3) & ~3;
        var length = RtcpPacket.HeaderLength + chunk;
        RtcpPacket.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = CnameItem;
        destination[9] = (byte)textLength;
        Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[(10 + textLength)..length].Clear();
        return length;
    }

    /// <summary>The first chunk's SSRC and CNAME, if it has one; every item length is checked.</summary>
    public static bool TryGetCname(RtcpPacket packet, out uint ssrc, out string cname)
    {
        ssrc = 0;
        cname = string.Empty;
        var body = packet.Body;
        if (packet.Type != RtcpPacketType.SourceDescription || packet.Count == 0 || body.Length < 4)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        var items = body[4..];
        while (items.Length >= 2 && items[0] != 0)
        {
            var itemLength = items[1];
            if (2 + itemLength > items.Length)
            {
                return false;
            }

            if (items[0] == CnameItem)
            {
                cname = Encoding.UTF8.GetString(items.Slice(2, itemLength));
                return true;
            }

            items = items[(2 + itemLength)..];
        }

        return false;
    }
}
