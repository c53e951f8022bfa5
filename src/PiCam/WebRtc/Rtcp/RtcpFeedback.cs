using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// A transport- or payload-specific feedback message (RFC 4585 §6.1): format, the sender's SSRC, the
/// media source it is about, and its feedback control information (FCI).
/// </summary>
internal readonly ref struct RtcpFeedback
{
    private RtcpFeedback(byte type, int format, ReadOnlySpan<byte> body)
    {
        Type = type;
        Format = format;
        SenderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        MediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        Fci = body[8..];
    }

    public byte Type { get; }

    public int Format { get; }

    public uint SenderSsrc { get; }

    public uint MediaSsrc { get; }

    public ReadOnlySpan<byte> Fci { get; }

    public bool IsPictureLossIndication => Type == RtcpPacketType.PayloadFeedback && Format == RtcpPacketType.PictureLossIndication;

    public bool IsFullIntraRequest => Type == RtcpPacketType.PayloadFeedback && Format == RtcpPacketType.FullIntraRequest;

    public bool IsGenericNack => Type == RtcpPacketType.TransportFeedback && Format == RtcpPacketType.GenericNack;

    public static bool TryParse(RtcpPacket packet, out RtcpFeedback feedback)
    {
        feedback = default;
        if (packet.Type is not (RtcpPacketType.TransportFeedback or RtcpPacketType.PayloadFeedback) || packet.Body.Length < 8)
        {
            return false;
        }

        feedback = new RtcpFeedback(packet.Type, packet.Count, packet.Body);
        return true;
    }

    /// <summary>Writes the header and both SSRCs of a feedback packet whose FCI is <paramref name="fciLength"/> bytes.</summary>
    public static int WriteHeader(Span<byte> destination, byte type, int format, uint senderSsrc, uint mediaSsrc, int fciLength)
    {
        var length = RtcpPacket.HeaderLength + 8 + fciLength;
        RtcpPacket.WriteHeader(destination, format, type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return length;
    }

    public static int WritePictureLossIndication(Span<byte> destination, uint senderSsrc, uint mediaSsrc) =>
        WriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.PictureLossIndication, senderSsrc, mediaSsrc, 0);
}
