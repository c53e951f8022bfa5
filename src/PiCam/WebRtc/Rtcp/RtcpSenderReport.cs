using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>
/// A sender report (RFC 3550 §6.4.1): wallclock (NTP) and RTP time of the same instant, so the receiver
/// can map RTP timestamps to time and work out the round trip from its reports; and what was sent.
/// </summary>
internal readonly ref struct RtcpSenderReport
{
    private const int SenderInfoLength = 24;
    private readonly ReadOnlySpan<byte> _blocks;

    private RtcpSenderReport(ReadOnlySpan<byte> body, int count)
    {
        Ssrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(body[4..]);
        RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
        PacketCount = BinaryPrimitives.ReadUInt32BigEndian(body[16..]);
        OctetCount = BinaryPrimitives.ReadUInt32BigEndian(body[20..]);
        _blocks = body[SenderInfoLength..];
        BlockCount = count;
    }

    public uint Ssrc { get; }

    public ulong NtpTimestamp { get; }

    public uint RtpTimestamp { get; }

    public uint PacketCount { get; }

    public uint OctetCount { get; }

    public int BlockCount { get; }

    public RtcpReportBlock Block(int i) => RtcpReportBlock.Read(_blocks.Slice(i * RtcpReportBlock.Length, RtcpReportBlock.Length));

    public static bool TryParse(RtcpPacket packet, out RtcpSenderReport report)
    {
        report = default;
        if (packet.Type != RtcpPacketType.SenderReport || packet.Body.Length < SenderInfoLength + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        report = new RtcpSenderReport(packet.Body, packet.Count);
        return true;
    }

    public static int Write(Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, ReadOnlySpan<RtcpReportBlock> blocks = default)
    {
        var length = RtcpPacket.HeaderLength + SenderInfoLength + blocks.Length * RtcpReportBlock.Length;
        RtcpPacket.WriteHeader(destination, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(28 + i * RtcpReportBlock.Length)..]);
        }

        return length;
    }
}
