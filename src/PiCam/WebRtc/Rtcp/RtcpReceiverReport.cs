using System.Buffers.Binary;

namespace PiCam.WebRtc.Rtcp;

/// <summary>A receiver report (RFC 3550 §6.4.2): the reporter's SSRC and up to 31 report blocks.</summary>
internal readonly ref struct RtcpReceiverReport
{
    private readonly ReadOnlySpan<byte> _blocks;

    private RtcpReceiverReport(uint senderSsrc, ReadOnlySpan<byte> blocks, int count)
    {
        SenderSsrc = senderSsrc;
        _blocks = blocks;
        BlockCount = count;
    }

    public uint SenderSsrc { get; }

    public int BlockCount { get; }

    public RtcpReportBlock Block(int i) => RtcpReportBlock.Read(_blocks.Slice(i * RtcpReportBlock.Length, RtcpReportBlock.Length));

    public static bool TryParse(RtcpPacket packet, out RtcpReceiverReport report)
    {
        report = default;
        if (packet.Type != RtcpPacketType.ReceiverReport || packet.Body.Length < 4 + packet.Count * RtcpReportBlock.Length)
        {
            return false;
        }

        report = new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(packet.Body), packet.Body[4..], packet.Count);
        return true;
    }

    public static int Write(Span<byte> destination, uint senderSsrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        var length = RtcpPacket.HeaderLength + 4 + blocks.Length * RtcpReportBlock.Length;
        RtcpPacket.WriteHeader(destination, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(8 + i * RtcpReportBlock.Length)..]);
        }

        return length;
    }
}
